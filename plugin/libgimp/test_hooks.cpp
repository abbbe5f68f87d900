#include "plugin/libgimp/test_hooks.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace cyclegan::plugin {
namespace {

// Long enough for the window to be mapped and drawn under Xvfb (no window manager).
constexpr guint kAutoOkDelayMs = 1500;

void save_screenshot(GtkWidget* widget, const char* path) {
  GdkWindow* window = gtk_widget_get_window(widget);
  if (!window) return;
#if GTK_CHECK_VERSION(3, 0, 0)
  GdkPixbuf* shot = gdk_pixbuf_get_from_window(window, 0, 0, gdk_window_get_width(window),
                                               gdk_window_get_height(window));
#else
  int width = 0, height = 0;
  gdk_drawable_get_size(GDK_DRAWABLE(window), &width, &height);
  GdkPixbuf* shot = gdk_pixbuf_get_from_drawable(nullptr, GDK_DRAWABLE(window), nullptr, 0, 0, 0, 0,
                                                 width, height);
#endif
  if (!shot) return;
  GError* error = nullptr;
  if (!gdk_pixbuf_save(shot, path, "png", &error, nullptr)) {
    g_printerr("cyclegan-gimp: cannot save the screenshot %s: %s\n", path, error->message);
    g_error_free(error);
  }
  g_object_unref(shot);
}

void collect_label_texts(GtkWidget* widget, gpointer lines) {
  if (GTK_IS_LABEL(widget)) {
    const char* text = gtk_label_get_text(GTK_LABEL(widget));
    if (text && *text) static_cast<std::string*>(lines)->append(text).append("\n");
  }
  if (GTK_IS_CONTAINER(widget)) gtk_container_forall(GTK_CONTAINER(widget), collect_label_texts, lines);
}

// Presses OK as a user would: a disabled OK cannot be pressed, so the dialog is cancelled instead.
// What the dialog says (every label) goes to CYCLEGAN_TEST_WINDOW_TEXT first.
gboolean press_ok(gpointer data) {
  GtkWidget* dialog = GTK_WIDGET(data);
  save_test_screenshot(dialog, "CYCLEGAN_TEST_SCREENSHOT");
  GtkWidget* ok = gtk_dialog_get_widget_for_response(GTK_DIALOG(dialog), GTK_RESPONSE_OK);
  const bool can_press = !ok || gtk_widget_is_sensitive(ok);
  std::string said = can_press ? "OK enabled; the dialog says:\n" : "OK disabled; the dialog says:\n";
  collect_label_texts(dialog, &said);
  append_test_log("CYCLEGAN_TEST_WINDOW_TEXT", said.c_str());
  gtk_dialog_response(GTK_DIALOG(dialog), can_press ? GTK_RESPONSE_OK : GTK_RESPONSE_CANCEL);
  return FALSE;  // once
}

struct PendingAnswer {
  GtkDialog* dialog;
  int response;
};

gboolean answer_once(gpointer data) {
  auto* answer = static_cast<PendingAnswer*>(data);
  save_test_screenshot(GTK_WIDGET(answer->dialog), "CYCLEGAN_TEST_QUESTION_SCREENSHOT");
  gtk_dialog_response(answer->dialog, answer->response);
  delete answer;
  return FALSE;
}

gboolean click_once(gpointer button) {
  gtk_button_clicked(GTK_BUTTON(button));
  g_object_unref(button);
  return FALSE;
}

}  // namespace

bool test_hook_set(const char* variable) {
  const char* value = std::getenv(variable);
  return value && *value && *value != '0';
}

void append_test_log(const char* variable, const char* line) {
  const char* path = std::getenv(variable);
  if (!path || !*path) return;
  if (std::FILE* f = std::fopen(path, "a")) {
    std::fprintf(f, "%s\n", line);
    std::fclose(f);
  }
}

void save_test_screenshot(GtkWidget* widget, const char* variable) {
  const char* path = std::getenv(variable);
  if (!path || !*path) return;
  // Finish drawing before the screenshot: a changed label resizes, and the X server answers the
  // resize with exposes that take a round trip, so keep handling events for a moment.
  for (int i = 0; i < 20; ++i) {
    while (gtk_events_pending()) gtk_main_iteration();
    gdk_flush();
    g_usleep(10 * 1000);
  }
  save_screenshot(widget, path);
}

void arm_test_hooks(GtkDialog* dialog) {
  if (test_hook_set("CYCLEGAN_TEST_AUTO_OK")) g_timeout_add(kAutoOkDelayMs, press_ok, dialog);
}

void arm_test_answer(GtkDialog* dialog, int accept, int decline) {
  const char* answer = std::getenv("CYCLEGAN_TEST_ANSWER");
  if (!answer || !*answer) return;
  const std::string wanted = answer;
  const int response = wanted == "accept" ? accept : wanted == "decline" ? decline : GTK_RESPONSE_DELETE_EVENT;
  g_timeout_add(kAutoOkDelayMs, answer_once, new PendingAnswer{dialog, response});
}

void arm_test_click(GtkWidget* button, const char* variable) {
  if (test_hook_set(variable)) g_idle_add(click_once, g_object_ref(button));
}

}  // namespace cyclegan::plugin
