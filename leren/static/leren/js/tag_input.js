// Wagtail's tag field (tag-it) makes a typed name a tag only when it is picked from
// the suggestions, or on Enter when no suggestions are open and free tagging is on.
// Otherwise the name stays typed in the box, looks chosen, and is lost on saving.
// Here Enter, and saving with a name still typed, make it a tag the editor sees;
// the server then accepts it or says why not.
(() => {
  const confirmTyped = (input) => {
    const $ = window.jQuery;
    const list = input.closest("ul.tagit");
    const name = input.value.trim();
    if (!$ || !list || !name) return false;
    const menu = $(input).autocomplete("instance")?.menu;
    if (menu && menu.active) return false; // A highlighted suggestion wins.
    const field = list.parentElement.querySelector('[data-controller~="w-tag"]');
    if (!field) return false;
    $(field).tagit("createTag", name);
    input.value = "";
    $(input).autocomplete("close");
    return true;
  };

  document.addEventListener(
    "keydown",
    (event) => {
      if (event.key === "Enter" && event.target.matches?.("ul.tagit input")) {
        if (confirmTyped(event.target)) event.preventDefault();
      }
    },
    true,
  );
  document.addEventListener(
    "submit",
    (event) => {
      event.target.querySelectorAll("ul.tagit input").forEach(confirmTyped);
    },
    true,
  );
})();
