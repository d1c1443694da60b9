// The phone inspection form: show the fields a kind needs, preview the chosen photos.
(function () {
  "use strict";
  var form = document.querySelector(".inspection-form");
  if (!form) return;
  var kind = form.querySelector("select[name=kind]");
  function sync() {
    if (!kind) return;
    form.querySelectorAll("[data-for-kinds]").forEach(function (el) {
      el.hidden = el.getAttribute("data-for-kinds").split(" ").indexOf(kind.value) < 0;
    });
  }
  if (kind) { kind.addEventListener("change", sync); sync(); }
  var input = form.querySelector("input[type=file][name=photos]");
  var preview = document.getElementById("photo-preview");
  if (input && preview && window.URL) {
    input.addEventListener("change", function () {
      preview.textContent = "";
      Array.prototype.forEach.call(input.files, function (file) {
        var img = document.createElement("img");
        img.src = URL.createObjectURL(file);
        img.alt = file.name;
        preview.appendChild(img);
      });
    });
  }
})();
