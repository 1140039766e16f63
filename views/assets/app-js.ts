/**
 * The one small script, served at /static/app.js. Pages work without it; it only helps:
 * confirmation prompts on destructive buttons (data-confirm) and select-all checkboxes.
 * Features add small, self-contained blocks keyed on data attributes.
 */
export const APP_JS = `
(function(){
  document.addEventListener('submit', function(e){
    var f = e.target, b = e.submitter || f.querySelector('[data-confirm]');
    var msg = (b && b.getAttribute && b.getAttribute('data-confirm')) || f.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
  document.addEventListener('change', function(e){
    var t = e.target;
    if (t && t.hasAttribute && t.hasAttribute('data-select-all')) {
      var name = t.getAttribute('data-select-all');
      document.querySelectorAll('input[type=checkbox][name="'+name+'"]').forEach(function(x){ x.checked = t.checked; });
    }
  });
})();
`
