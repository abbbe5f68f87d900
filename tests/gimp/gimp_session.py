"""A throw-away GIMP 2.10 profile with the plug-in installed from the build tree, and batch runs of
gimp-console in it. Shared by the tests of the real plug-in (test_translate.py, test_train.py).

Environment (set by tests/gimp/meson.build): CYCLEGAN_BUILD_ROOT, CYCLEGAN_SOURCE_ROOT,
CYCLEGAN_BIN (the `cyclegan` command), CYCLEGAN_FIXTURES (tests/fixtures of the source tree).
"""
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image

BUILD_ROOT = os.environ["CYCLEGAN_BUILD_ROOT"]
SOURCE_ROOT = os.environ["CYCLEGAN_SOURCE_ROOT"]
CYCLEGAN = os.environ["CYCLEGAN_BIN"]
OFFICIAL = os.path.join(os.environ["CYCLEGAN_FIXTURES"], "official")

# Things every test needs and that cost seconds to make, made once per build (under a lock, since
# meson runs tests in parallel): a pluginrc (a fresh profile queries ~100 system plug-ins, ~8 s)
# and the tiny model.
CACHE = os.path.join(BUILD_ROOT, "tests", "gimp", "cache")

# A GIMP that hangs (a dialog nobody closes, a crashed plug-in) must fail the test, not CI.
GIMP_TIMEOUT_S = 120


class Session:
    """One temporary HOME + GIMP profile; removed on exit unless the test failed."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="cyclegan-gimp-test-")
        self.home = os.path.join(self.dir, "home")
        self.profile = os.path.join(self.dir, "profile")
        self.models = os.path.join(self.profile, "cyclegan-models")
        os.makedirs(self.home)
        os.makedirs(self.models)
        self.env = dict(os.environ, HOME=self.home, GIMP2_DIRECTORY=self.profile,
                        XDG_CONFIG_HOME=os.path.join(self.home, ".config"), LANG="C.UTF-8",
                        LANGUAGE="", LC_ALL="C.UTF-8")
        shutil.copy(cached("pluginrc", make_pluginrc), os.path.join(self.profile, "pluginrc"))
        # The same script users run (README), into the throw-away profile.
        run([os.path.join(SOURCE_ROOT, "scripts", "install-plugin"), BUILD_ROOT], env=self.env)

    def path(self, name):
        return os.path.join(self.dir, name)

    def __enter__(self):
        return self

    def __exit__(self, kind, value, trace):
        if kind is None:
            shutil.rmtree(self.dir, ignore_errors=True)
        else:
            print("kept for inspection:", self.dir, file=sys.stderr)

    def gimp(self, *scheme, xvfb=False, extra_env=None):
        """Runs each Script-Fu expression as a -b batch command, then quits. Returns (rc, output)."""
        command = ["timeout", str(GIMP_TIMEOUT_S), "gimp-console-2.10", "-i", "-d", "-f"]
        for expression in scheme:
            command += ["-b", expression]
        command += ["-b", "(gimp-quit 0)"]
        if xvfb:
            command = ["xvfb-run", "-a", "-s", "-screen 0 1024x768x24"] + command
        env = dict(self.env, **(extra_env or {}))
        done = subprocess.run(command, env=env, cwd=self.dir, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
        if done.returncode == 124:
            raise AssertionError("gimp-console timed out:\n" + done.stdout)
        return done.returncode, done.stdout


def cached(name, make):
    """CACHE/name, made by make(path) by the first test that needs it."""
    os.makedirs(CACHE, exist_ok=True)
    path = os.path.join(CACHE, name)
    with open(os.path.join(CACHE, "lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.exists(path):
            temporary = os.path.join(CACHE, "partial-" + name)
            make(temporary)
            os.rename(temporary, path)
    return path


def make_pluginrc(path):
    work = tempfile.mkdtemp(prefix="cyclegan-gimp-pluginrc-")
    env = dict(os.environ, HOME=work, GIMP2_DIRECTORY=os.path.join(work, "profile"))
    run(["timeout", str(GIMP_TIMEOUT_S), "gimp-console-2.10", "-i", "-d", "-f", "-b", "(gimp-quit 0)"], env=env)
    shutil.copy(os.path.join(work, "profile", "pluginrc"), path)
    shutil.rmtree(work, ignore_errors=True)


def run(command, env=None):
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise AssertionError("%s failed (%d):\n%s" % (" ".join(command), done.returncode, done.stdout))
    return done.stdout


def hostile_models(session, source):
    """Model files a user may pick by mistake (a named pipe, a truncated model, an official
    discriminator), each with the sentence `cyclegan translate` fails with: the plug-in must fail
    with the same one."""
    fifo = session.path("pipe.cgan")
    os.mkfifo(fifo)
    with open(make_model(session.path("whole.cgan")), "rb") as f:
        data = f.read()
    truncated = session.path("truncated.cgan")
    with open(truncated, "wb") as f:
        f.write(data[:len(data) // 2])
    cases = []
    for model in (fifo, truncated, os.path.join(OFFICIAL, "nlayer3_ndf8.pth")):
        done = subprocess.run([CYCLEGAN, "translate", "-m", model, source, session.path("cli-out.png")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=60)
        prefix = "cyclegan translate: "
        last = done.stderr.strip().splitlines()[-1]
        check(done.returncode == 1 and last.startswith(prefix), "unexpected CLI result:\n" + done.stderr)
        cases.append((model, last[len(prefix):]))
    return cases


def scheme_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def load_image(path):
    """(image, drawable) bindings of a let* for Script-Fu."""
    p = scheme_string(path)
    return ("(image (car (gimp-file-load RUN-NONINTERACTIVE %s %s))) "
            "(drawable (car (gimp-image-get-active-drawable image)))" % (p, p))


def save_drawable(path):
    p = scheme_string(path)
    return "(gimp-file-save RUN-NONINTERACTIVE image drawable %s %s)" % (p, p)


def write_test_image(path, width, height, alpha=False, seed=0):
    """Smooth colour gradients plus noise: structure the generator responds to, reproducible."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    rgb = np.stack([x / width, y / height, 0.5 + 0.5 * np.sin((x + y) / 5.0)], axis=-1)
    rgb = np.clip(rgb * 200 + rng.integers(0, 56, size=rgb.shape), 0, 255).astype(np.uint8)
    if alpha:
        a = (np.arange(width, dtype=np.float32)[None, :].repeat(height, 0) / (width - 1) * 255)
        a[: height // 4] = 0  # fully transparent rows: their alpha must stay 0
        rgb = np.concatenate([rgb, a.astype(np.uint8)[..., None]], axis=-1)
    Image.fromarray(rgb, "RGBA" if alpha else "RGB").save(path)
    return rgb


def read_pixels(path):
    return np.asarray(Image.open(path)).astype(np.int16)


def make_model(path):
    """Copies the tiny horse/zebra model (see make_tiny_model) to `path`."""
    # Named after the `cyclegan` binary's time stamp: a rebuilt core may write another format.
    name = "horse2zebra-%d.cgan" % os.path.getmtime(CYCLEGAN)
    shutil.copy(cached(name, make_tiny_model), path)
    for old in os.listdir(CACHE):  # models of earlier builds
        if old.startswith("horse2zebra-") and old != name:
            try:
                os.remove(os.path.join(CACHE, old))
            except FileNotFoundError:
                pass  # another test removed it first
    return path


def make_tiny_model(path, domain_a="horse", domain_b="zebra"):
    """A tiny two-direction model (resnet 2 blocks, ngf 8) imported from the official fixture. The
    fixtures hold one set of weights, so F is G with its last convolution negated (written by
    Python's torch.save, as the official code does): the two directions then differ."""
    g_b = path + ".G_B_negated.pth"
    run(["/usr/bin/python3", "-c",
         "import sys, torch; s = torch.load(sys.argv[1]); "
         "last = [k for k in s if k.endswith('.weight')][-1]; s[last] = -s[last]; torch.save(s, sys.argv[2])",
         os.path.join(OFFICIAL, "resnet2_ngf8_zip.pth"), g_b])
    run([CYCLEGAN, "import", "--g-a", os.path.join(OFFICIAL, "resnet2_ngf8_zip.pth"), "--g-b", g_b,
         "--domain-a", domain_a, "--domain-b", domain_b, "-o", path])
    os.remove(g_b)
    return path


def cli_translate(model, source, target, *options):
    run([CYCLEGAN, "translate", "-m", model] + list(options) + [source, target])
    return read_pixels(target)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def main(tests):
    """Runs the test function named by argv[1] (meson registers one test per name)."""
    name = sys.argv[1]
    tests[name]()
    print("ok:", name)
