"""plug-in-cyclegan-translate in a real, headless GIMP (2.10 or 3, whichever the plug-in was built
for: gimp_session.py), compared with the `cyclegan translate` command on the same pixels. One test
per function; meson runs each by name, only those the built GIMP can run.
"""
import os
import pathlib
import re
import shutil
import signal
import subprocess
import time
import urllib.parse
from xml.etree import ElementTree

import numpy as np
from PIL import Image

from gimp_session import (API, GUI, PRECISION_U8, PRECISION_U16, Session, batch, check, cli_translate, hostile_models,
                          layer_list, load_image, main, make_model, read_pixels, save_image, save_layer,
                          scheme_string, translate_call, write_test_image)

W, H = 48, 40  # small enough for seconds per GIMP run, big enough for a selection with context


def assert_close(actual, expected, what):
    check(actual.shape == expected.shape, "%s: shape %s, expected %s" % (what, actual.shape, expected.shape))
    worst = int(np.abs(actual - expected).max())
    check(worst <= 1, "%s: differs from the CLI by %d/255 (at most 1 allowed)" % (what, worst))


def check_undo_label(s):
    """GIMP names the undo step and Filters → Repeat after the procedure's menu label without its
    mnemonic and ellipsis, and records that label in the profile's pluginrc: it must say "CycleGAN
    Translate", never a bare "Translate" (which in GIMP also means moving a layer)."""
    with open(os.path.join(s.profile, "pluginrc"), encoding="utf-8", errors="replace") as f:  # icons are binary
        registry = f.read()
    start = registry.find('(proc-def "plug-in-cyclegan-translate"')
    check(start >= 0, "GIMP recorded no plug-in-cyclegan-translate in pluginrc")
    end = registry.find("(menu-path", start)
    strings = re.findall(r'"((?:[^"\\]|\\.)*)"', registry[start:end])
    label = strings[-1].replace("_", "").replace("...", "").replace("…", "")
    check(label == "CycleGAN Translate", "the undo step and Repeat would say %r (menu label %r)" % (label, strings[-1]))
    menu = re.match(r'\(menu-path "([^"]*)"', registry[end:])
    # The submenu's mnemonic: Alt+R, C opens it.
    check(menu and menu.group(1) == "<Image>/Filters/_CycleGAN", "menu path %r" % (menu and menu.group(1)))


def whole_layer():
    """Both directions, the model given by its installed name, equal the CLI within 1/255; the undo
    step is labelled CycleGAN Translate."""
    with Session() as s:
        model = make_model(os.path.join(s.models, "horse2zebra.cgan"))
        source = s.path("in.png")
        original = write_test_image(source, W, H)
        rc, log = s.gimp(batch(source, s.path("a2b.png"), translate_call("horse2zebra", 0)),
                         batch(source, s.path("b2a.png"), translate_call("horse2zebra.cgan", 1)))
        check(rc == 0 and os.path.exists(s.path("b2a.png")), "gimp-console failed:\n" + log)
        a2b, b2a = read_pixels(s.path("a2b.png")), read_pixels(s.path("b2a.png"))
        check(np.abs(a2b - original).max() > 20, "A->B left the layer (almost) unchanged")
        assert_close(a2b, cli_translate(model, source, s.path("cli_a2b.png")), "A->B")
        assert_close(b2a, cli_translate(model, source, s.path("cli_b2a.png"), "--direction", "b2a"), "B->A")
        check(np.abs(a2b - b2a).max() > 20, "the two directions gave the same image")
        check_undo_label(s)


def selection():
    """A rectangle selection: outside bit-identical; inside as in a whole-layer translation (the
    plug-in reads real context around the selection, here the whole small layer)."""
    with Session() as s:
        model = make_model(s.path("m.cgan"))
        source = s.path("in.png")
        original = write_test_image(source, W, H, seed=3)
        x, y, w, h = 10, 12, 20, 16
        rc, log = s.gimp(batch(source, s.path("out.png"),
                               "(gimp-image-select-rectangle image CHANNEL-OP-REPLACE %d %d %d %d)" % (x, y, w, h),
                               translate_call(model), "(gimp-selection-none image)"))
        check(rc == 0 and os.path.exists(s.path("out.png")), "gimp-console failed:\n" + log)
        out = read_pixels(s.path("out.png"))
        inside = np.zeros((H, W), bool)
        inside[y:y + h, x:x + w] = True
        check(np.array_equal(out[~inside], original[~inside]), "pixels outside the selection changed")
        check(np.abs(out[inside] - original[inside]).max() > 20, "the selection was not translated")
        expected = cli_translate(model, source, s.path("cli.png"))
        assert_close(out[inside], expected[inside], "inside the selection")


def feathered_selection():
    """A feathered ellipse blends: some pixels lie strictly between the original and the fully
    translated ones, the centre is translated, the corners stay bit-identical."""
    with Session() as s:
        model = make_model(s.path("m.cgan"))
        source = s.path("in.png")
        original = write_test_image(source, W, H, seed=9)
        rc, log = s.gimp(batch(source, s.path("out.png"),
                               "(gimp-context-set-feather TRUE)",
                               "(gimp-context-set-feather-radius 8 8)",
                               "(gimp-image-select-ellipse image CHANNEL-OP-REPLACE 8 6 32 28)",
                               translate_call(model), "(gimp-selection-none image)"))
        check(rc == 0 and os.path.exists(s.path("out.png")), "gimp-console failed:\n" + log)
        out = read_pixels(s.path("out.png"))
        full = cli_translate(model, source, s.path("cli.png"))
        for corner in [(0, 0), (0, W - 1), (H - 1, 0), (H - 1, W - 1)]:
            check(np.array_equal(out[corner], original[corner]), "corner %s changed" % (corner,))
        assert_close(out[H // 2, W // 2], full[H // 2, W // 2], "centre of the ellipse")
        lo, hi = np.minimum(original, full), np.maximum(original, full)
        between = (out > lo + 2) & (out < hi - 2)
        check(between.any(), "no blended pixels: the feathered selection was applied as a hard mask")


def alpha():
    """A layer with alpha keeps its alpha exactly; visible colours equal the CLI's."""
    with Session() as s:
        model = make_model(s.path("m.cgan"))
        source = s.path("in.png")
        original = write_test_image(source, W, H, alpha=True, seed=5)
        rc, log = s.gimp(batch(source, s.path("out.png"), translate_call(model)))
        check(rc == 0 and os.path.exists(s.path("out.png")), "gimp-console failed:\n" + log)
        out = read_pixels(s.path("out.png"))
        check(out.shape == (H, W, 4), "the layer lost its alpha channel: shape %s" % (out.shape,))
        check(np.array_equal(out[..., 3], original[..., 3]), "the alpha channel changed")
        visible = original[..., 3] > 0
        check(np.abs(out[visible][:, :3] - original[visible][:, :3]).max() > 20, "colours unchanged")
        expected = cli_translate(model, source, s.path("cli.png"))
        assert_close(out[visible][:, :3], expected[visible][:, :3], "visible colours")


def precision_16bit():
    """A 16-bit image stays 16-bit, and its result matches the CLI's 8-bit one within 1/255."""
    with Session() as s:
        model = make_model(s.path("m.cgan"))
        source = s.path("in.png")
        write_test_image(source, W, H, seed=7)
        report = s.path("precision.txt")
        rc, log = s.gimp(batch(
            source, s.path("out.png"), "(gimp-image-convert-precision image %s)" % PRECISION_U16,
            translate_call(model),
            "(let ((port (open-output-file %s))) (write (car (gimp-image-get-precision image)) port) "
            "(close-output-port port))" % scheme_string(report),
            "(gimp-image-convert-precision image %s)" % PRECISION_U8))
        check(rc == 0 and os.path.exists(s.path("out.png")), "gimp-console failed:\n" + log)
        precision = int(open(report).read().strip())
        check(precision == 250, "the image's precision changed to %d (%s is 250)" % (precision, PRECISION_U16))
        expected = cli_translate(model, source, s.path("cli.png"))
        assert_close(read_pixels(s.path("out.png")), expected, "16-bit result")


def two_layers():
    """Two selected layers in one call (GIMP 3 passes an array of drawables): each equals the CLI."""
    with Session() as s:
        model = make_model(s.path("m.cgan"))
        bottom_src, top_src = s.path("bottom_in.png"), s.path("top_in.png")
        write_test_image(bottom_src, W, H, seed=9)
        write_test_image(top_src, W, H, seed=10)
        add_top = ("(top (car (gimp-file-load-layer RUN-NONINTERACTIVE image %s))) "
                   "(ignored (gimp-image-insert-layer image top 0 -1))" % scheme_string(top_src))
        rc, log = s.gimp("(let* (%s %s) %s %s (gimp-image-remove-layer image top) %s)" % (
            load_image(bottom_src), add_top, translate_call(model, layers=("drawable", "top")),
            save_image(s.path("top.png")), save_image(s.path("bottom.png"))))
        check(rc == 0 and os.path.exists(s.path("bottom.png")), "gimp-console failed:\n" + log)
        # gimp-file-load-layer gives the top layer an alpha channel, so the export has one: compare colours.
        top, bottom = read_pixels(s.path("top.png"))[..., :3], read_pixels(s.path("bottom.png"))[..., :3]
        assert_close(top, cli_translate(model, top_src, s.path("cli_top.png")), "top")
        assert_close(bottom, cli_translate(model, bottom_src, s.path("cli_bottom.png")), "bottom")


def bad_input():
    """A missing or corrupt model and bad arguments fail with one clear sentence, the same as the
    command line's for the same file; the batch stops there, nothing is saved, the file stays."""
    with Session() as s:
        source = s.path("in.png")
        original = write_test_image(source, W, H)
        corrupt = s.path("corrupt.cgan")
        with open(corrupt, "wb") as f:
            f.write(b"this is not a model" * 10)
        cases = [
            (translate_call(s.path("no-such-model.cgan")), "does not exist"),
            (translate_call("no-such-name"), "There is no model named \"no-such-name\""),
            (translate_call(corrupt), "corrupt.cgan"),
            (translate_call(""), "No model was given"),
            # GIMP 3 checks the range the procedure declares before the plug-in runs.
            (translate_call(corrupt, direction=7),
             "The direction must be 0" if API == "2" else "value 7 out of range: 0 to 1"),
        ] + [(translate_call(model), sentence) for model, sentence in hostile_models(s, source)]
        outputs = [s.path("out%d.png" % i) for i in range(len(cases))]
        logs = s.gimp_each(*[batch(source, out, call) for (call, _), out in zip(cases, outputs)])
        for (call, message), out, log in zip(cases, outputs, logs):
            # Script-Fu stops a batch at the failed call: the message is in its error, nothing saved.
            check(message in log, "no error message containing %r for %s:\n%s" % (message, call, log))
            check(not os.path.exists(out), "the batch went on after a failed call: " + call)
            check("crash" not in log.lower(), "the plug-in crashed:\n" + log)
        check(np.array_equal(read_pixels(source), original), "the input file changed")


def new_layer():
    """Output to a new layer: the original layer stays bit-identical; the layer above it is named
    after the model file and the direction, has the opacity asked for and holds the CLI's result."""
    with Session() as s:
        model = make_model(os.path.join(s.models, "horse2zebra.cgan"))
        source = s.path("in.png")
        original = write_test_image(source, W, H, seed=4)
        report = s.path("layers.txt")
        describe = ("(let ((port (open-output-file %s))) (write (list (vector-length %s) (car (gimp-item-get-name top)) "
                    "(car (gimp-layer-get-opacity top))) port) (close-output-port port))" % (scheme_string(report),
                                                                                             layer_list()))
        rc, log = s.gimp("(let* (%s) %s (let* ((top (vector-ref %s 0))) %s %s %s))" % (
            load_image(source), translate_call("horse2zebra", 1, output=1, opacity=70), layer_list(), describe,
            save_layer("top", s.path("new.png")), save_layer("drawable", s.path("original.png"))))
        check(rc == 0 and os.path.exists(s.path("original.png")), "gimp-console failed:\n" + log)
        described = open(report, encoding="utf-8", errors="replace").read()
        check(described.startswith("(2 ") and "horse2zebra: zebra" in described and " 70" in described,
              "expected two layers, the new one named after the model and direction at 70%%: %s" % described)
        check(np.array_equal(read_pixels(s.path("original.png"))[..., :3], original), "the original layer changed")
        expected = cli_translate(model, source, s.path("cli.png"), "--direction", "b2a")
        assert_close(read_pixels(s.path("new.png"))[..., :3], expected, "the new layer")


def grayscale_question():
    """A grayscale layer and a model that paints in colour: after the dialog's OK the plug-in asks
    whether to convert the image to RGB first; accepted (by the test hook), the image is RGB and the
    new layer holds the model's colours, equal to the CLI's on the same gray pixels."""
    with Session() as s:
        model = make_model(os.path.join(s.models, "horse2zebra.cgan"))
        source = s.path("gray.png")
        write_test_image(s.path("colour.png"), W, H, seed=12)
        Image.open(s.path("colour.png")).convert("L").save(source)
        report, said, question = s.path("mode.txt"), s.path("said.txt"), s.path("question.png")
        top = "(vector-ref %s 0)" % layer_list()
        mode = ("(let ((port (open-output-file %s))) (write (car (%s image)) port) (close-output-port port))" % (
            scheme_string(report), "gimp-image-base-type" if API == "2" else "gimp-image-get-base-type"))
        rc, log = s.gimp("(let* (%s) %s %s %s)" % (load_image(source),
                                                   translate_call("horse2zebra", 0, mode="RUN-INTERACTIVE"),
                                                   mode, save_layer(top, s.path("result.png"))),
                         xvfb=True, extra_env={"CYCLEGAN_TEST_AUTO_OK": "1", "CYCLEGAN_TEST_ANSWER": "accept",
                                               "CYCLEGAN_TEST_QUESTION_SCREENSHOT": question,
                                               "CYCLEGAN_TEST_WINDOW_TEXT": said})
        check(rc == 0 and os.path.exists(s.path("result.png")), "gimp-console failed:\n" + log)
        asked = open(said, encoding="utf-8").read() if os.path.exists(said) else ""
        check("question: The layer" in asked and "grayscale" in asked and "RGB" in asked,
              "the plug-in did not ask whether to convert to RGB: %r\n%s" % (asked, log))
        check(os.path.exists(question), "the question was not shown:\n" + log)
        check(open(report).read().strip() == "0", "the image is not RGB after the answer (base type %s)" %
              open(report).read().strip())
        result = read_pixels(s.path("result.png"))[..., :3]
        spread = result.max(axis=-1).astype(int) - result.min(axis=-1)
        check(spread.mean() > 3, "the result is gray (mean channel spread %.1f)" % spread.mean())
        Image.open(source).convert("RGB").save(s.path("gray_as_rgb.png"))  # what RGB mode made of the layer
        assert_close(result, cli_translate(model, s.path("gray_as_rgb.png"), s.path("cli.png")),
                     "the converted layer's result")


def record_folder_opener(s, *types):
    """Makes a recorder the desktop's default application for folders (and `types`: a .desktop
    file and mimeapps.list under the session's HOME, as GIO looks them up); returns the file it
    writes the opened URI to."""
    opened = s.path("opened-folder.txt")
    script = s.path("record-folder")
    with open(script, "w") as f:
        f.write('#!/bin/sh\nprintf "%%s\\n" "$1" > "%s.partial" && mv "%s.partial" "%s"\n' % (opened, opened, opened))
    os.chmod(script, 0o755)
    applications = os.path.join(s.home, ".local", "share", "applications")
    os.makedirs(applications, exist_ok=True)
    with open(os.path.join(applications, "record-folder.desktop"), "w") as f:
        f.write("[Desktop Entry]\nType=Application\nName=Record folder\nExec=%s %%u\n"
                "MimeType=inode/directory;\n" % script)
    os.makedirs(os.path.join(s.home, ".config"), exist_ok=True)
    with open(os.path.join(s.home, ".config", "mimeapps.list"), "w") as f:
        f.write("[Default Applications]\n")
        for kind in ("inode/directory",) + types:
            f.write("%s=record-folder.desktop\n" % kind)
    return opened


def check_help_pages(s):
    """The dialogs' Help: the plug-in registered its help domain with GIMP (pluginrc records it),
    and the pages there map both procedures' help IDs to sections that exist."""
    with open(os.path.join(s.profile, "pluginrc"), encoding="utf-8", errors="replace") as f:
        found = re.search(r'\(help-def\s+"cyclegan-gimp"\s+"([^"]+)"', f.read())
    check(found is not None, "the plug-in registered no help domain with GIMP")
    folder = urllib.parse.unquote(urllib.parse.urlparse(found.group(1)).path)
    mapping = ElementTree.parse(os.path.join(folder, "en", "gimp-help.xml")).getroot()
    refs = {item.get("id"): item.get("ref") for item in mapping.iter("help-item")}
    for help_id in ("plug-in-cyclegan-translate", "plug-in-cyclegan-train"):
        check(help_id in refs, "no help page for %s" % help_id)
        page, _, anchor = refs[help_id].partition("#")
        with open(os.path.join(folder, "en", page), encoding="utf-8") as f:
            check('id="%s"' % anchor in f.read(), "%s has no section %s" % (page, anchor))


def help_opens_the_page():
    """In GIMP itself (the GUI, under Xvfb: gimp-console has no help system), asking for the
    Translate dialog's help opens our page at its section in the desktop's browser (here a
    recorder), through the help domain the plug-in registered."""
    with Session() as s:
        opened = record_folder_opener(s, "x-scheme-handler/file", "text/html")
        rc, log = s.gimp("(gimp-message \"registering the plug-in\")")
        check(rc == 0, "gimp-console failed:\n" + log)
        gui = ["xvfb-run", "-a", "-s", "-screen 0 1024x768x24", GUI[0]] + GUI[1:] + \
              ["-b", '(gimp-help "cyclegan-gimp" "plug-in-cyclegan-translate")']
        gimp = subprocess.Popen(gui, env=s.env, cwd=s.dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            for _ in range(600):
                if os.path.exists(opened) or gimp.poll() is not None:
                    break
                time.sleep(0.1)
        finally:
            if gimp.poll() is None:
                os.killpg(gimp.pid, signal.SIGTERM)
            gimp.wait(timeout=30)
        check(os.path.exists(opened), "GIMP's help opened nothing")
        with open(opened) as f:
            uri = f.read().strip()
        check(uri.startswith("file://") and uri.endswith("/help/en/index.html#translate"),
              "GIMP's help opened %r, not the plug-in's page" % uri)


def dialog():
    """Interactive run under Xvfb: the dialog lists the installed model and shows its sample sheet, its preview shows what the
    run then does, Open Folder shows the models folder in the file manager, it is photographed and
    OK'd by the test hook, and puts its result in a new layer (its default output); then, in a restarted
    GIMP, Filters → Repeat (RUN-WITH-LAST-VALS) ignores its arguments (no model, the other
    direction, replace) and repeats the dialog's values. Both results equal the CLI."""
    with Session() as s:
        model = make_model(os.path.join(s.models, "horse2zebra.cgan"))
        # The sample sheet training keeps beside a model: the dialog shows it (a magenta stand-in).
        Image.new("RGB", (300, 240), (255, 0, 255)).save(os.path.join(s.models, "horse2zebra-samples.png"))
        source = s.path("in.png")
        write_test_image(source, W, H, seed=11)
        shot = s.path("dialog.png")
        top = "(vector-ref %s 0)" % layer_list()
        preview = s.path("preview.png")
        opened = record_folder_opener(s)
        rc, log = s.gimp("(let* (%s) %s %s)" % (load_image(source),
                                                translate_call("horse2zebra", 0, mode="RUN-INTERACTIVE"),
                                                save_layer(top, s.path("interactive.png"))),
                         xvfb=True, extra_env={"CYCLEGAN_TEST_AUTO_OK": "1", "CYCLEGAN_TEST_SCREENSHOT": shot,
                                               "CYCLEGAN_TEST_PREVIEW_DUMP": preview,
                                               "CYCLEGAN_TEST_OPEN_FOLDER": "1"})
        check(rc == 0 and os.path.exists(s.path("interactive.png")), "gimp-console failed:\n" + log)
        # Open Folder handed the models folder to the desktop's file manager (here a recorder).
        for _ in range(100):
            if os.path.exists(opened):
                break
            time.sleep(0.1)
        check(os.path.exists(opened), "Open Folder launched nothing:\n" + log)
        check_help_pages(s)
        with open(opened) as f:
            uri = f.read().strip()
        # (GIO hands a local folder over as its path or as a file: URI, depending on its version.)
        check(uri in (s.models, pathlib.Path(s.models).as_uri()), "Open Folder opened %r, not the models folder" % uri)
        # A new GIMP on the same profile: the last values survive the restart.
        rc, log = s.gimp("(let* (%s) %s %s)" % (load_image(source), translate_call("", 1, mode="RUN-WITH-LAST-VALS"),
                                                save_layer(top, s.path("repeat.png"))))
        check(rc == 0 and os.path.exists(s.path("repeat.png")), "gimp-console failed after a restart:\n" + log)
        check(os.path.exists(shot), "the dialog screenshot was not saved:\n" + log)
        width, height = Image.open(shot).size
        check(width > 200 and height > 150, "the dialog is suspiciously small: %dx%d" % (width, height))
        shown = np.asarray(Image.open(shot).convert("RGB")).astype(int)
        magenta = int(((shown[..., 0] > 230) & (shown[..., 1] < 25) & (shown[..., 2] > 230)).sum())
        check(magenta > 150 * 120, "the dialog does not show the model's sample sheet (%d pixels)" % magenta)
        expected = cli_translate(model, source, s.path("cli.png"))
        # The preview (the whole small layer fits in it) showed what OK then did.
        check(os.path.exists(preview), "the preview showed no translation:\n" + log)
        assert_close(read_pixels(preview)[..., :3], expected, "the preview")
        assert_close(read_pixels(s.path("interactive.png")), expected, "dialog result")
        assert_close(read_pixels(s.path("repeat.png")), expected, "repeat with last values")
        copy_to = os.environ.get("CYCLEGAN_DIALOG_SCREENSHOT")  # to refresh the README's picture
        if copy_to:
            photograph_dialog(shot, copy_to)


def photograph_dialog(test_shot, copy_to):
    """The README's picture of the dialog (scripts/refresh-screenshots): a trained model
    (CYCLEGAN_SCREENSHOT_MODEL, with the sample sheet training kept beside it) previewed on a real
    photo when one is given, so it shows what a user sees; otherwise the test's own picture."""
    model = os.environ.get("CYCLEGAN_SCREENSHOT_MODEL")
    if not model:
        Image.open(test_shot).save(copy_to, optimize=True)
        return
    with Session() as s:
        name = os.path.basename(model)
        shutil.copy(model, os.path.join(s.models, name))
        sheet = model[:-len(".cgan")] + "-samples.png"
        if os.path.exists(sheet):
            shutil.copy(sheet, s.models)
        photo = os.path.join(os.environ["CYCLEGAN_FIXTURES"], "photos", "garden.jpg")
        shot = s.path("dialog.png")
        rc, log = s.gimp("(let* (%s) %s)" % (load_image(photo), translate_call(name[:-len(".cgan")], 0,
                                                                                 mode="RUN-INTERACTIVE")),
                         xvfb=True, extra_env={"CYCLEGAN_TEST_AUTO_OK": "1", "CYCLEGAN_TEST_SCREENSHOT": shot})
        check(rc == 0 and os.path.exists(shot), "the dialog was not photographed:\n" + log)
        Image.open(shot).save(copy_to, optimize=True)


if __name__ == "__main__":
    main({f.__name__: f for f in (whole_layer, selection, feathered_selection, alpha, precision_16bit, two_layers,
                                  new_layer, bad_input, dialog, help_opens_the_page, grayscale_question)})
