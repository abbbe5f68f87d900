"""A throw-away GIMP profile with the plug-in installed from the build tree, and batch runs of
gimp-console in it, for whichever GIMP the plug-in was built for: GIMP 2.10 or GIMP 3. Shared by
the tests of the real plug-in (test_translate.py, test_train.py), which are written once: the few
Script-Fu spellings that differ between the two APIs are the helpers under "Script-Fu" below.

Environment (set by tests/gimp/meson.build): CYCLEGAN_GIMP_API ("2" or "3", the API
plugin/meson.build built), CYCLEGAN_BUILD_ROOT, CYCLEGAN_SOURCE_ROOT, CYCLEGAN_BIN (the `cyclegan`
command), CYCLEGAN_FIXTURES (tests/fixtures of the source tree).
"""
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image

API = os.environ["CYCLEGAN_GIMP_API"]
BUILD_ROOT = os.environ["CYCLEGAN_BUILD_ROOT"]
SOURCE_ROOT = os.environ["CYCLEGAN_SOURCE_ROOT"]
CYCLEGAN = os.environ["CYCLEGAN_BIN"]
OFFICIAL = os.path.join(os.environ["CYCLEGAN_FIXTURES"], "official")

# How each GIMP is run headless. GIMP 3 needs its Script-Fu named as the batch interpreter, and
# --quit: a failing -b command would leave it running otherwise (it also skips the -b commands
# after a failing one, where GIMP 2.10 reports the failure and goes on: see Session.gimp_each).
CONSOLE = {
    "2": ["gimp-console-2.10", "-i", "-d", "-f"],
    "3": ["gimp-console-3.0", "-i", "--quit", "--batch-interpreter", "plug-in-script-fu-eval"],
}[API]
QUIT = {"2": ["-b", "(gimp-quit 0)"], "3": []}[API]
# GIMP with its user interface (the help system lives there), no splash, no fonts or data.
GUI = {
    "2": ["gimp-2.10", "-d", "-f", "--no-splash"],
    "3": ["gimp-3.0", "-d", "-f", "--no-splash", "--batch-interpreter", "plug-in-script-fu-eval"],
}[API]
PROFILE_VARIABLE = {"2": "GIMP2_DIRECTORY", "3": "GIMP3_DIRECTORY"}[API]

# Things every test needs and that cost seconds to make, made once per build (under a lock, since
# meson may run tests in parallel): a pluginrc (a fresh profile queries every system plug-in,
# 8-20 s) and the tiny model.
CACHE = os.path.join(BUILD_ROOT, "tests", "gimp", "cache")

# A GIMP that hangs (a dialog nobody closes, a crashed plug-in) must fail the test, not CI.
GIMP_TIMEOUT_S = 120


class Session:
    """One temporary HOME + GIMP profile; removed on exit unless the test failed."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="cyclegan-gimp%s-test-" % API)
        self.home = os.path.join(self.dir, "home")
        self.profile = os.path.join(self.dir, "profile")
        self.models = os.path.join(self.profile, "cyclegan-models")
        os.makedirs(self.home)
        os.makedirs(self.models)
        self.env = dict(os.environ, HOME=self.home, **{PROFILE_VARIABLE: self.profile},
                        XDG_CONFIG_HOME=os.path.join(self.home, ".config"), LANG="C.UTF-8",
                        LANGUAGE="", LC_ALL="C.UTF-8")
        shutil.copy(cached("pluginrc-" + CONSOLE[0], make_pluginrc), os.path.join(self.profile, "pluginrc"))
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
        command = ["timeout", str(GIMP_TIMEOUT_S)] + CONSOLE
        for expression in scheme:
            command += ["-b", expression]
        command += QUIT
        if xvfb:
            command = ["xvfb-run", "-a", "-s", "-screen 0 1024x768x24"] + command
        env = dict(self.env, **(extra_env or {}))
        done = subprocess.run(command, env=env, cwd=self.dir, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
        if done.returncode == 124:
            raise AssertionError("%s timed out:\n%s" % (CONSOLE[0], done.stdout))
        return done.returncode, done.stdout

    def gimp_each(self, *scheme):
        """Expressions expected to fail, each of which must run: GIMP 2.10 runs them all in one
        gimp-console, GIMP 3 stops at the first failing -b command, so one gimp-console each. Returns
        the output that holds each expression's messages, in order."""
        if API == "2":
            return [self.gimp(*scheme)[1]] * len(scheme)
        return [self.gimp(expression)[1] for expression in scheme]


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
    env = dict(os.environ, HOME=work, **{PROFILE_VARIABLE: os.path.join(work, "profile")})
    run(["timeout", str(GIMP_TIMEOUT_S)] + CONSOLE + QUIT, env=env)
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


# Script-Fu. GIMP 3 passes the drawables of a procedure as a vector, has no active drawable (the
# loaded file's first selected one instead), and gimp-file-save takes no drawable; its precision
# names say NON-LINEAR where GIMP 2.10's say GAMMA (same values).
PRECISION_U8 = {"2": "PRECISION-U8-GAMMA", "3": "PRECISION-U8-NON-LINEAR"}[API]
PRECISION_U16 = {"2": "PRECISION-U16-GAMMA", "3": "PRECISION-U16-NON-LINEAR"}[API]  # both 250


def scheme_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def load_image(path):
    """(image, drawable) bindings of a let*: the loaded file and its layer."""
    p = scheme_string(path)
    if API == "2":
        return ("(image (car (gimp-file-load RUN-NONINTERACTIVE %s %s))) "
                "(drawable (car (gimp-image-get-active-drawable image)))" % (p, p))
    return ("(image (car (gimp-file-load RUN-NONINTERACTIVE %s))) "
            "(drawable (vector-ref (car (gimp-image-get-selected-drawables image)) 0))" % p)


def save_image(path):
    """Exports `image` (GIMP 2.10: its layer `drawable`) to path, in the format of its extension."""
    p = scheme_string(path)
    if API == "2":
        return "(gimp-file-save RUN-NONINTERACTIVE image drawable %s %s)" % (p, p)
    return "(gimp-file-save RUN-NONINTERACTIVE image %s -1)" % p


def drawables(*names):
    """The drawables argument of our procedures: GIMP 3 takes an array, GIMP 2.10 one drawable."""
    if API == "2":
        check(len(names) == 1, "GIMP 2.10's procedures take one drawable, not %d" % len(names))
        return names[0]
    return "(vector %s)" % " ".join(names)


def say_image_count():
    """An expression that prints "open images: N" (how many images GIMP holds) to the log."""
    count = "(car (gimp-image-list))" if API == "2" else "(vector-length (car (gimp-get-images)))"
    return '(gimp-message (string-append "open images: " (number->string %s)))' % count


def say_plugin_outputs():
    """An expression that prints "plug-in outputs: N" (images carrying the plug-in's mark) to the log."""
    if API == "2":
        ids, parasites = "(vector->list (cadr (gimp-image-list)))", "(cadr (gimp-image-get-parasite-list i))"
    else:
        ids, parasites = "(vector->list (car (gimp-get-images)))", "(car (gimp-image-get-parasite-list i))"
    marked = "(lambda (i) (if (member \"cyclegan-gimp-output\" %s) 1 0))" % parasites
    return '(gimp-message (string-append "plug-in outputs: " (number->string (apply + (map %s %s)))))' % (
        marked, ids)


def new_layer_group(name):
    """An expression making a layer group called name in `image` (not inserted yet)."""
    if API == "2":
        return "(let ((group (car (gimp-layer-group-new image)))) (gimp-item-set-name group %s) group)" % (
            scheme_string(name))
    return "(car (gimp-group-layer-new image %s))" % scheme_string(name)


def translate_call(model, direction=0, tile=0, layers=("drawable",), mode="RUN-NONINTERACTIVE", output=0,
                   opacity=100):
    """Output 0 replaces the layer's pixels (what most tests compare), 1 adds a layer above it."""
    return "(plug-in-cyclegan-translate %s image %s %s %d %d %d %.1f)" % (
        mode, drawables(*layers), scheme_string(model), direction, tile, output, opacity)


def layer_list():
    """An expression for the vector of `image`'s top-level layers, the top one first."""
    return "(%s (gimp-image-get-layers image))" % ("cadr" if API == "2" else "car")


def save_layer(layer, path):
    """Exports one top-level layer of `image` alone: GIMP 2.10 exports the layer it is given;
    GIMP 3 exports the image, so the other layers are hidden for the export."""
    p = scheme_string(path)
    if API == "2":
        return "(gimp-file-save RUN-NONINTERACTIVE image %s %s %s)" % (layer, p, p)
    return ("(let ((layers %s)) (do ((i 0 (+ i 1))) ((= i (vector-length layers))) "
            "(gimp-item-set-visible (vector-ref layers i) (if (= (vector-ref layers i) %s) TRUE FALSE))) "
            "(gimp-file-save RUN-NONINTERACTIVE image %s -1))" % (layer_list(), layer, p))


def batch(source, target, *body):
    """One -b command: load source, run body, export the result to target."""
    return "(let* (%s) %s %s)" % (load_image(source), " ".join(body), save_image(target))


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
