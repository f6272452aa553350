// The "before you start" panel follows the experiment's tags and hypothesis as the
// author writes them. Wagtail's tag field changes its input without an event, so the
// two fields are read twice a second and the panel is asked anew after a pause.
const followLessonsBefore = () => {
  const panel = document.querySelector("[data-lessons-before]");
  const form = panel?.closest("form");
  if (!form) return;
  const value = (name) => form.querySelector(`[name="${name}"]`)?.value ?? "";
  const current = () => JSON.stringify([value("tags"), value("hypothesis")]);
  let shown = current();
  let pending;

  const refresh = async () => {
    const query = new URLSearchParams({
      tags: value("tags"),
      hypothesis: value("hypothesis"),
      exclude: panel.dataset.exclude,
    });
    const response = await fetch(`${panel.dataset.lessonsBefore}?${query}`, {
      credentials: "same-origin",
    });
    if (response.ok) panel.innerHTML = await response.text();
  };

  setInterval(() => {
    const now = current();
    if (now === shown) return;
    shown = now;
    clearTimeout(pending);
    pending = setTimeout(refresh, 400);
  }, 500);
};

// The admin loads its scripts in the page's head, before the form exists.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", followLessonsBefore);
} else {
  followLessonsBefore();
}
