#!/usr/bin/env python3
"""Sums a LibTorch profiler trace (train_bench --profile FILE, chrome-trace JSON) by op name.

Prints self time (time not spent in nested ops) and inclusive time per name, largest self time
first, so the list says where an iteration's time goes. Standard library only.
usage: profile_summary.py TRACE.json [TOP]
"""
import collections
import json
import sys


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    with open(path) as f:
        text = f.read().rstrip().rstrip(',')
    if not text.endswith(']'):
        text += ']'
    events = [e for e in json.loads(text) if e.get('ph') == 'X']
    by_thread = collections.defaultdict(list)
    for e in events:
        by_thread[e.get('tid')].append(e)
    self_us = collections.Counter()
    incl_us = collections.Counter()
    calls = collections.Counter()
    for evs in by_thread.values():
        evs.sort(key=lambda e: (float(e['ts']), -float(e['dur'])))
        for e in evs:
            incl_us[e['name']] += float(e['dur'])
            calls[e['name']] += 1
    # self time = duration - the durations of the direct children (events nest per thread)
    self_us.clear()
    for evs in by_thread.values():
        stack = []
        for e in evs:
            ts, dur = float(e['ts']), float(e['dur'])
            while stack and stack[-1]['end'] <= ts:
                done = stack.pop()
                self_us[done['name']] += done['dur'] - done['child']
            if stack:
                stack[-1]['child'] += dur
            stack.append({'end': ts + dur, 'name': e['name'], 'dur': dur, 'child': 0.0})
        while stack:
            done = stack.pop()
            self_us[done['name']] += done['dur'] - done['child']
    total = sum(self_us.values())
    print(f'{"op":48s} {"calls":>6s} {"self s":>8s} {"self %":>7s} {"incl s":>8s}')
    for name, us in self_us.most_common(top):
        print(f'{name[:48]:48s} {calls[name]:6d} {us / 1e6:8.3f} {100 * us / total:6.1f}% '
              f'{incl_us[name] / 1e6:8.3f}')
    print(f'{"all (self)":48s} {"":6s} {total / 1e6:8.3f}')


if __name__ == '__main__':
    main()
