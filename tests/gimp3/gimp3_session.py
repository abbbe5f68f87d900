"""The GIMP 3 side of tests/gimp/gimp_session.py: the same throw-away profile and helpers, with
gimp-console-3.0 and Script-Fu 3's calls (drawables are vectors, no active drawable, no
gimp-file-save drawable argument). Everything API-independent is imported from there.
"""
import os
import shutil
import subprocess
import tempfile

from gimp_session import GIMP_TIMEOUT_S, SOURCE_ROOT, BUILD_ROOT, Session, cached, run, scheme_string


class Session3(Session):
    """One temporary HOME + GIMP 3 profile ($GIMP3_DIRECTORY) with the plug-in installed by
    scripts/install-plugin; path(), cleanup and the with-statement come from Session."""

    def __init__(self):  # pylint: disable=super-init-not-called (Session's is GIMP 2.10's)
        self.dir = tempfile.mkdtemp(prefix="cyclegan-gimp3-test-")
        self.home = os.path.join(self.dir, "home")
        self.profile = os.path.join(self.dir, "profile")
        self.models = os.path.join(self.profile, "cyclegan-models")
        os.makedirs(self.home)
        os.makedirs(self.models)
        self.env = dict(os.environ, HOME=self.home, GIMP3_DIRECTORY=self.profile,
                        XDG_CONFIG_HOME=os.path.join(self.home, ".config"), LANG="C.UTF-8",
                        LANGUAGE="", LC_ALL="C.UTF-8")
        shutil.copy(cached("pluginrc-3.0", make_pluginrc), os.path.join(self.profile, "pluginrc"))
        run([os.path.join(SOURCE_ROOT, "scripts", "install-plugin"), BUILD_ROOT], env=self.env)

    def gimp(self, *scheme, xvfb=False, extra_env=None):
        """Each expression as one -b command. A failing -b leaves GIMP 3 running unless --quit is
        given, so --quit always, and timeout on top. Returns (rc, output)."""
        command = ["timeout", str(GIMP_TIMEOUT_S), "gimp-console-3.0", "-i", "--quit",
                   "--batch-interpreter", "plug-in-script-fu-eval"]
        for expression in scheme:
            command += ["-b", expression]
        if xvfb:
            command = ["xvfb-run", "-a", "-s", "-screen 0 1024x768x24"] + command
        env = dict(self.env, **(extra_env or {}))
        done = subprocess.run(command, env=env, cwd=self.dir, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
        if done.returncode == 124:
            raise AssertionError("gimp-console-3.0 timed out:\n" + done.stdout)
        return done.returncode, done.stdout


def make_pluginrc(path):
    """A fresh GIMP 3 profile queries every system plug-in (~20 s); tests start from this one."""
    work = tempfile.mkdtemp(prefix="cyclegan-gimp3-pluginrc-")
    env = dict(os.environ, HOME=work, GIMP3_DIRECTORY=os.path.join(work, "profile"))
    run(["timeout", str(GIMP_TIMEOUT_S), "gimp-console-3.0", "-i", "--quit"], env=env)
    shutil.copy(os.path.join(work, "profile", "pluginrc"), path)
    shutil.rmtree(work, ignore_errors=True)


def load_image(path):
    """(image, drawable) bindings of a let*: the first selected drawable of the loaded file."""
    p = scheme_string(path)
    return ("(image (car (gimp-file-load RUN-NONINTERACTIVE %s))) "
            "(drawable (vector-ref (car (gimp-image-get-selected-drawables image)) 0))" % p)


def save_image(path):
    return "(gimp-file-save RUN-NONINTERACTIVE image %s -1)" % scheme_string(path)


def translate_call(model, direction=0, tile=0, drawables="(vector drawable)", mode="RUN-NONINTERACTIVE"):
    return "(plug-in-cyclegan-translate %s image %s %s %d %d)" % (
        mode, drawables, scheme_string(model), direction, tile)


def batch(source, target, *body):
    return "(let* (%s) %s %s)" % (load_image(source), " ".join(body), save_image(target))
