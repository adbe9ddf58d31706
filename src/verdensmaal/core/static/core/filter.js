// A search box over a long list of checkboxes: each list marked data-filter gets a text field
// that hides the choices whose label does not contain what is typed. Without JavaScript the whole
// list stays, grouped under its headings.
// Django writes a checkbox list's attributes on each checkbox, so the list is the box around them.
(function () {
  var lists = [];
  document.querySelectorAll("[data-filter]").forEach(function (element) {
    var list = element.tagName === "INPUT" ? element.closest("div[id]") : element;
    if (list && lists.indexOf(list) === -1) lists.push(list);
  });
  lists.forEach(function (list) {
    var label = document.documentElement.lang === "en" ? "Search the list" : "Søg i listen";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "list-filter";
    input.setAttribute("aria-label", label);
    input.placeholder = label;
    list.parentNode.insertBefore(input, list);
    input.addEventListener("input", function () {
      var words = input.value.trim().toLowerCase();
      list.querySelectorAll("label[for]").forEach(function (choice) {
        var hit = !words || choice.textContent.toLowerCase().indexOf(words) !== -1;
        choice.parentNode.hidden = !hit;
      });
    });
  });
})();
