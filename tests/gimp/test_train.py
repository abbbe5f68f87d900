"""plug-in-cyclegan-train in a real, headless GIMP (2.10 or 3, whichever the plug-in was built for:
gimp_session.py): training from two layer groups of tiny generated layers, non-interactively with
the quick preset and a seconds-long budget, then translating with the new model by name; Stop (the
test hook) and bad sources."""
import os
import re

import numpy as np
from PIL import Image

from gimp_session import (CYCLEGAN, Session, batch, check, cli_translate, drawables, main, new_layer_group,
                          read_pixels, run, say_image_count, say_plugin_outputs, scheme_string, translate_call)

SIDE = 32          # training layers and crops: the smallest sensible size
BUDGET_MIN = 0.05  # 3 s of training: enough for a few quick-preset iterations on 2 cores


def write_layers(session, domain, count, side=SIDE, seed=0):
    """Tiny training images: flat reddish blobs for one domain, stripes for the other."""
    rng = np.random.default_rng(seed)
    paths = []
    for i in range(count):
        y, x = np.mgrid[0:side, 0:side]
        if domain == "stripes":
            base = np.where(((x + i) // 3) % 2 == 0, 230, 20)[..., None].repeat(3, -1)
        else:
            base = np.stack([200 + 0 * x, 80 + 2 * y, 60 + 0 * x], -1)
        pixels = np.clip(base + rng.integers(-20, 20, base.shape), 0, 255).astype(np.uint8)
        path = session.path("%s%d.png" % (domain, i))
        Image.fromarray(pixels, "RGB").save(path)
        paths.append(path)
    return paths


def image_with_groups(groups):
    """Script-Fu bindings creating `image` with one layer group per (name, [png paths]), the first
    on top, and `drawable` = the last layer loaded."""
    body = ["(image (car (gimp-image-new %d %d RGB)))" % (SIDE, SIDE)]
    for name, paths in reversed(groups):
        group = "group-" + name
        body.append("(%s %s)" % (group, new_layer_group(name)))
        body.append("(ignored-%s (gimp-image-insert-layer image %s 0 0))" % (name, group))
        for i, path in enumerate(paths):
            layer = "layer-%s-%d" % (name, i)
            body.append("(%s (car (gimp-file-load-layer RUN-NONINTERACTIVE image %s)))" % (layer, scheme_string(path)))
            body.append("(ignored-%s (gimp-image-insert-layer image %s %s 0))" % (layer, layer, group))
            last = layer
    body.append("(drawable %s)" % last)
    return " ".join(body)


def train_call(source_a, source_b, name, minutes=BUDGET_MIN, preset=0, size=SIDE, resume=0,
               mode="RUN-NONINTERACTIVE"):
    return "(plug-in-cyclegan-train %s image %s %s %s %s %g %d %d %d)" % (
        mode, drawables("drawable"), scheme_string(source_a), scheme_string(source_b), scheme_string(name),
        minutes, preset, size, resume)


def model_info(path):
    return run([CYCLEGAN, "info", path])


def iterations(info):
    return int(re.search(r"iterations:\s+(\d+)", info).group(1))


def train_from_groups():
    """Groups "blobs" and "stripes" → blobs ↔ stripes model in the models folder; Translate then
    applies it by name, equal to the CLI with the same model."""
    with Session() as s:
        groups = [("blobs", write_layers(s, "blobs", 3)), ("stripes", write_layers(s, "stripes", 3, seed=1))]
        source = groups[0][1][0]
        target = s.path("translated.png")
        rc, log = s.gimp("(let* (%s) %s)" % (image_with_groups(groups), train_call("group:blobs", "stripes", "b2s")),
                         batch(source, target, translate_call("b2s", 0)))
        check(rc == 0, "gimp-console failed:\n" + log)
        model = os.path.join(s.models, "b2s.cgan")
        check(os.path.exists(model), "no model in the models folder:\n" + log)
        info = model_info(model)
        check("A = blobs, B = stripes" in info, "wrong domain names:\n" + info)
        check(iterations(info) > 0, "the model was not trained:\n" + info)
        check(os.path.exists(target), "Translate did not run with the new model:\n" + log)
        expected = cli_translate(model, source, s.path("cli.png"))
        worst = int(np.abs(read_pixels(target) - expected).max())
        check(worst <= 1, "Translate with the trained model differs from the CLI by %d/255" % worst)
        # Beside the model, its last sample sheet (for Translate's dialog) and nothing else.
        leftovers = [f for f in os.listdir(s.models) if f not in ("b2s.cgan", "b2s-samples.png")]
        check(not leftovers, "files left in the models folder: %s" % leftovers)
        check(Image.open(os.path.join(s.models, "b2s-samples.png")).size[0] > 4 * SIDE, "no sample sheet kept")


def stop_keeps_model():
    """Stopping (test hook: after 2 iterations) keeps the model trained so far and returns CANCEL,
    not an error: Script-Fu (2.10 and 3) shows it as (#f) where success gives (#t), and goes on."""
    with Session() as s:
        groups = [("blobs", write_layers(s, "blobs", 2)), ("stripes", write_layers(s, "stripes", 2, seed=1))]
        results = s.path("results.txt")
        rc, log = s.gimp("(let* (%s) (let ((port (open-output-file %s))) (write %s port) (close-output-port port)))"
                         % (image_with_groups(groups), scheme_string(results),
                            train_call("blobs", "stripes", "kept", minutes=30)),
                         extra_env={"CYCLEGAN_TEST_CANCEL_AFTER": "2"})
        model = os.path.join(s.models, "kept.cgan")
        check(os.path.exists(model), "Stop did not keep the model:\n" + log)
        check(iterations(model_info(model)) >= 2, "the kept model has fewer than 2 iterations")
        status = open(results).read().strip()
        check(status == "(#f)", "the stopped call returned %s, not CANCEL (#f):\n%s" % (status, log))
        check("execution error" not in log.lower(), "Stop was reported as an error:\n" + log)


def bad_sources():
    """An empty group, the same source twice, a missing folder, too-small layers and a missing
    group: one clear sentence each, and no model file left behind."""
    with Session() as s:
        groups = [("blobs", write_layers(s, "blobs", 2)), ("tiny", write_layers(s, "tiny", 2, side=8)),
                  ("empty", [])]
        setup = image_with_groups(groups)
        cases = [
            (train_call("group:empty", "blobs", "m1"), "has no layers"),
            (train_call("blobs", "group:blobs", "m2"), "are the same"),
            (train_call("folder:/no/such/folder", "blobs", "m3"), "does not exist"),
            (train_call("tiny", "blobs", "m4"), "8×8 pixels"),
            (train_call("group:nowhere", "blobs", "m5"), "There is no layer group \"nowhere\""),
        ]
        logs = s.gimp_each(*["(let* (%s) %s)" % (setup, call) for call, _ in cases])
        for (call, message), log in zip(cases, logs):
            check("plug-in-cyclegan-train" in log and message in log,
                  "no error message containing %r for %s:\n%s" % (message, call, log))
            check("crash" not in log.lower(), "the plug-in crashed:\n" + log)
        check(os.listdir(s.models) == [], "files left in the models folder: %s" % os.listdir(s.models))


def disabled_for_empty_group():
    """Interactive run under Xvfb with an empty layer group listed first: the dialog shows why
    Train cannot be pressed, and Train is disabled (the test hook, as a user, then cancels); no
    model is written."""
    with Session() as s:
        said = s.path("said.txt")
        rc, log = s.gimp("(let* (%s) %s)" % (image_with_groups([("empty", []), ("blobs", write_layers(s, "blobs", 2))]),
                                             train_call("", "", "", mode="RUN-INTERACTIVE")),
                         xvfb=True, extra_env={"CYCLEGAN_TEST_AUTO_OK": "1", "CYCLEGAN_TEST_WINDOW_TEXT": said})
        text = open(said, encoding="utf-8").read() if os.path.exists(said) else ""
        check(text.startswith("OK disabled"), "Train could be pressed with an empty group:\n%s\n%s" % (text, log))
        check("has no layers" in text, "the dialog does not say why Train is disabled:\n" + text)
        check(os.listdir(s.models) == [], "files in the models folder: %s" % os.listdir(s.models))
        check("crash" not in log.lower(), "the plug-in crashed:\n" + log)


def dialog():
    """Interactive run under Xvfb: the dialog proposes the image's two layer groups (top first) and
    a model name made of their names; the test hook photographs it and presses Train; the training
    window shows the refreshed samples and the losses' plot, and ends by saying where the model is,
    opening the sample sheet only on request; Stop (hook, after 3 iterations, through the training
    window, which says it is stopping) keeps the model under that name; a restarted GIMP repeats
    with the dialog's values."""
    with Session() as s:
        groups = [("stripes", write_layers(s, "stripes", 2, seed=1)), ("blobs", write_layers(s, "blobs", 2))]
        shot, stopping, outcome = s.path("train-dialog.png"), s.path("stopping.png"), s.path("outcome.png")
        said = s.path("window-text.txt")
        rc, log = s.gimp("(let* (%s) %s %s %s %s)" % (image_with_groups(groups), say_image_count(),
                                                  train_call("", "", "", minutes=1, mode="RUN-INTERACTIVE"),
                                                  say_image_count(), say_plugin_outputs()),
                         xvfb=True, extra_env={"CYCLEGAN_TEST_AUTO_OK": "1", "CYCLEGAN_TEST_SCREENSHOT": shot,
                                               "CYCLEGAN_TEST_CANCEL_AFTER": "3",
                                               "CYCLEGAN_TEST_SAMPLES_EVERY_SECONDS": "0.001",
                                               "CYCLEGAN_TEST_STOP_SCREENSHOT": stopping,
                                               "CYCLEGAN_TEST_OUTCOME_SCREENSHOT": outcome,
                                               "CYCLEGAN_TEST_WINDOW_TEXT": said,
                                               "CYCLEGAN_TEST_OPEN_SAMPLES": "1"})
        check(os.path.exists(shot), "the dialog screenshot was not saved:\n" + log)
        # Under each source list, thumbnails of its layers: B's reddish blobs are in the dialog.
        dialog_pixels = np.asarray(Image.open(shot).convert("RGB")).astype(int)
        red, green, blue = dialog_pixels[..., 0], dialog_pixels[..., 1], dialog_pixels[..., 2]
        blob_pixels = int(((red > 165) & (green > 55) & (green < 170) & (blue < 100)).sum())
        check(blob_pixels > 1000, "the dialog shows no thumbnails of the blobs (%d pixels)" % blob_pixels)
        # The window ends by saying where the model is (photographed), and the sample sheet opens
        # as a new image only because Open the Sample Sheet was pressed (test hook).
        check(os.path.exists(outcome), "the training window showed no outcome:\n" + log)
        with open(said) as f:
            text = f.read()
        check("stop button: Stopping…" in text, "Stop did not say it is stopping:\n" + text)
        check(re.search(r"outcome \((information|warning)\): Training stopped after \d+ iterations; the model is saved "
                        r"as .*stripes2blobs\.cgan\.", text), "the window did not say where the model is:\n" + text)
        counts = re.findall(r"open images: (\d+)", log)
        check(counts == ["1", "2"], "the sample sheet was not opened on request (images: %s):\n%s" % (counts, log))
        # It is marked as the plug-in's, so the sources' list never offers it as training images.
        check("plug-in outputs: 1" in log, "the sample sheet is not marked as the plug-in's:\n" + log)
        # Stop goes through the training window, which shows that it is stopping, under the
        # samples of the sheet the trainer refreshed (every iteration here): 6 rows of images.
        check(os.path.exists(stopping), "the training window was not shown stopping:\n" + log)
        window = Image.open(stopping).convert("RGB")
        width, height = window.size
        check(width >= 600 and height > 250, "the training window shows no samples: %dx%d" % (width, height))
        # Beside the samples, the losses so far: the plot's red (D_A) and blue (D_B) curves and
        # legend in the window's right half.
        right = window.crop((width // 2, 0, width, height)).getdata()
        for name, (r, g, b) in (("red", (214, 48, 38)), ("blue", (31, 102, 217))):
            near = sum(1 for p in right if abs(p[0] - r) + abs(p[1] - g) + abs(p[2] - b) < 60)
            check(near >= 20, "the training window shows no loss plot (%d %s pixels)" % (near, name))
        model = os.path.join(s.models, "stripes2blobs.cgan")
        check(os.path.exists(model), "no model stripes2blobs.cgan after the dialog:\n" + log)
        info = model_info(model)
        check("A = stripes, B = blobs" in info and iterations(info) >= 3, "wrong model:\n" + info)
        # A new GIMP on the same profile remembers the dialog's values: Filters → Repeat (no
        # arguments of its own) trains stripes2blobs again, which now exists, so it is refused by
        # that name before anything is read.
        rc, log = s.gimp("(let* (%s) %s)" % (image_with_groups(groups),
                                             train_call("", "", "", minutes=1, mode="RUN-WITH-LAST-VALS")))
        check('A model named "stripes2blobs" already exists' in log,
              "the dialog's values did not survive a restart:\n" + log)
        # The last sample sheet stays beside the model, for Translate's dialog.
        check(sorted(os.listdir(s.models)) == ["stripes2blobs-samples.png", "stripes2blobs.cgan"],
              "models folder: %s" % os.listdir(s.models))
        # To refresh the README's pictures.
        for variable, picture in (("CYCLEGAN_TRAIN_DIALOG_SCREENSHOT", shot),
                                  ("CYCLEGAN_TRAINING_WINDOW_SCREENSHOT", stopping),
                                  ("CYCLEGAN_TRAINING_OUTCOME_SCREENSHOT", outcome)):
            if os.environ.get(variable):
                Image.open(picture).save(os.environ[variable], optimize=True)


if __name__ == "__main__":
    main({f.__name__: f for f in (train_from_groups, stop_keeps_model, bad_sources, disabled_for_empty_group, dialog)})
