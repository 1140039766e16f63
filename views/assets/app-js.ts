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
    if (!msg) return;
    if (!window.confirm(msg)) { e.preventDefault(); return; }
    // Confirmed here: tell the server, which otherwise answers its own confirmation page
    // (the no-JavaScript path, src/middleware/confirm.tsx).
    var old = f.querySelector('input[type=hidden][name=confirmed]');
    if (!old) { old = document.createElement('input'); old.type = 'hidden'; old.name = 'confirmed'; f.appendChild(old); }
    old.value = '1';
  });
  document.addEventListener('change', function(e){
    var t = e.target;
    if (t && t.hasAttribute && t.hasAttribute('data-select-all')) {
      var name = t.getAttribute('data-select-all');
      document.querySelectorAll('input[type=checkbox][name="'+name+'"]').forEach(function(x){ x.checked = t.checked; });
    }
  });
})();
// 推荐表 (/me/recommendation, the 院系意见): each textarea's 字 counter (data-counter-for) follows
// what is typed, counting code points as the server does; without the script it shows the count
// of the page as sent.
(function(){
  function count(t){ return Array.from(t.value.replace(/\\r\\n?/g, '\\n')).length; }
  function update(t){
    var out = document.querySelector('[data-counter-for="' + t.id + '"]');
    if (!out) return;
    var max = parseInt(out.getAttribute('data-max') || '0', 10), n = count(t);
    out.textContent = '已填 ' + n + ' / ' + max + ' 字' + (n > max ? '，超出 ' + (n - max) + ' 字' : '');
    out.setAttribute('data-state', n > max ? 'over' : '');
  }
  document.addEventListener('input', function(e){ var t = e.target; if (t && t.tagName === 'TEXTAREA' && t.id) update(t); });
})();
// Confirmation (去向登记确认): parts marked data-show-if="name=value" are hidden unless that radio is
// chosen; without the script they simply stay visible.
(function(){
  function sync(){
    document.querySelectorAll('[data-show-if]').forEach(function(el){
      var p = el.getAttribute('data-show-if').split('='), on = document.querySelector('input[name="'+p[0]+'"][value="'+p[1]+'"]');
      el.hidden = !(on && on.checked);
    });
  }
  document.addEventListener('change', function(e){ if (e.target && e.target.name) sync(); });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', sync); else sync();
})();

/* lookup (/verify): the number's format checked as it is typed (the same check character as
   src/domain/numbers.ts: GF(32), x^5+x^2+1), and the print button. The server checks again. */
(function(){
  var A = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  function mul(a, b){ var r = 0; while (b) { if (b & 1) r ^= a; b >>= 1; a <<= 1; if (a & 32) a ^= 37; } return r; }
  var POW = [1]; for (var i = 1; i < 62; i++) POW.push(mul(POW[i-1], 2));
  function inv(a){ return POW[(31 - POW.indexOf(a)) % 31]; }
  function val(ch){ return ch === '0' ? 8 : ch === '1' ? 9 : A.indexOf(ch); }
  function checkChar(body){ var s = 0; for (var i = 0; i < body.length; i++) s ^= mul(POW[i], val(body.charAt(i))); return A.charAt(mul(s, inv(POW[body.length]))); }
  function norm(v){ if (v.normalize) v = v.normalize('NFKC'); return v.replace(/[\\s\\-\\u2010-\\u2014\\u2212_]/g, '').toUpperCase(); }
  function judge(v){
    var n = norm(v), len = n.length;
    if (!len) return ['', ''];
    if (len < 15 || len === 16) return ['info', '已输入 ' + len + ' 位（核验编号 15 位，转递编号 17 位）'];
    if (len > 17) return ['err', '位数过多：已输入 ' + len + ' 位（核验编号 15 位，转递编号 17 位）'];
    if (!/^\\d{7}/.test(n)) return ['err', '前 7 位应是数字（毕业年份后两位和院校代码）'];
    for (var i = 7; i < len; i++) if (A.indexOf(n.charAt(i)) < 0) return ['err', '第 ' + (i + 1) + ' 位“' + n.charAt(i) + '”不会出现在编号中（编号不含 0、1、I、O），请核对'];
    if (checkChar(n.slice(0, -1)) !== n.charAt(len - 1)) return ['err', '编号末位校验不符，可能有输错或前后颠倒的字符，请逐位核对'];
    return ['ok', '格式正确（' + (len === 17 ? '转递编号' : '核验编号') + '）'];
  }
  function update(input){
    var out = document.getElementById(input.getAttribute('data-number-check'));
    if (!out) return;
    var r = judge(input.value);
    if (out.textContent !== r[1]) out.textContent = r[1];
    out.setAttribute('data-state', r[0]);
    if (r[0] === 'err') input.setAttribute('aria-invalid', 'true'); else if (r[0] === 'ok') input.removeAttribute('aria-invalid');
  }
  document.addEventListener('input', function(e){ var t = e.target; if (t && t.hasAttribute && t.hasAttribute('data-number-check')) update(t); });
  document.addEventListener('click', function(e){ var t = e.target; if (t && t.closest && t.closest('[data-print]')) window.print(); });
  function init(){
    document.querySelectorAll('[data-number-check]').forEach(function(x){ if (x.value) update(x); });
    document.querySelectorAll('[data-print][hidden]').forEach(function(x){ x.hidden = false; });
    var err = document.getElementById('verify-error'); if (err && document.activeElement !== err) err.focus();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
/* registration (/me/registration, /admin/registrations/…/edit): show only the chosen type's
   destination fields, hide the hukou detail for 不迁移, and pre-fill the archive part (from the
   名录; a miss said in place) and the hukou part (生源所在地, 家庭住址) when 转回生源地 is chosen
   (only empty fields). Without the script every field shows with a hint and the 预填 buttons post. */
(function(){
  function init(form){
    var map = {}; try { map = JSON.parse(form.getAttribute('data-type-fields') || '{}'); } catch (e) {}
    var prefill = null; try { prefill = JSON.parse(form.getAttribute('data-prefill') || 'null'); } catch (e) {}
    var type = form.querySelector('[name=d_type]'), mig = form.querySelector('[name=h_migrationType]'), arc = form.querySelector('[name=a_transferType]');
    function syncType(){
      var spec = map[type.value], fields = spec ? spec[0] : [], req = spec ? spec[1] : [];
      form.querySelectorAll('[data-dest-field]').forEach(function(el){
        var f = el.getAttribute('data-dest-field');
        el.hidden = fields.indexOf(f) < 0;
        var input = el.querySelector('input,select'); if (input) { if (req.indexOf(f) >= 0) input.setAttribute('aria-required', 'true'); else input.removeAttribute('aria-required'); }
      });
      form.querySelectorAll('.no-js-hint').forEach(function(h){ h.hidden = true; });
    }
    function syncHukou(){ var d = form.querySelector('[data-hukou-detail]'); if (d && mig) d.hidden = mig.value === '不迁移'; }
    var hukou = null; try { hukou = JSON.parse(form.getAttribute('data-hukou-prefill') || 'null'); } catch (e) {}
    var miss = form.querySelector('[data-prefill-miss]');
    // Fills only empty fields, and tells the place hint (it listens to input) of a filled code.
    function fill(name, v){
      var el = form.querySelector('[name=' + name + ']');
      if (!el || el.value || !v) return;
      el.value = v; el.dispatchEvent(new Event('input', { bubbles: true }));
    }
    function fillArchive(){
      var home = !!arc && arc.value === '转回生源地';
      if (miss) miss.hidden = !home;
      if (!prefill || !home) return;
      Object.keys(prefill).forEach(function(k){ if (k !== 'transferType') fill('a_' + k, prefill[k]); });
    }
    function fillHukou(){
      if (!hukou || !mig || mig.value !== '转回生源地') return;
      fill('h_location', hukou.location); fill('h_address', hukou.address);
    }
    if (type) { type.addEventListener('change', syncType); syncType(); }
    if (mig) { mig.addEventListener('change', function(){ syncHukou(); fillHukou(); }); syncHukou(); }
    if (arc) arc.addEventListener('change', fillArchive);
  }
  function all(){ document.querySelectorAll('form[data-reg-form]').forEach(init); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', all); else all();
})();
// Roster import: show the progress indicator while the upload and import run.
(function(){
  document.addEventListener('submit', function(e){
    var f = e.target;
    if (!f || !f.hasAttribute || !f.hasAttribute('data-import-form') || e.defaultPrevented) return;
    var p = f.querySelector('[data-import-progress]');
    if (p) p.hidden = false;
    var b = f.querySelector('button[type=submit]');
    if (b) { b.disabled = true; b.textContent = '正在导入…'; }
  });
})();
/* transfer downloads (issue 6): fetch the streamed file, show how many sheets have arrived, then save it.
   Sheets are counted by the signature that starts each one: a ZIP entry header, or a PDF page object. */
(function(){
  function sig(kind){
    if (kind === 'zip') return [80, 75, 3, 4];
    if (kind === 'pdf') { var s = '/Type /Page', a = []; for (var i = 0; i < s.length; i++) a.push(s.charCodeAt(i)); a.push(10); return a; }
    return null;
  }
  function counter(pattern){
    var tail = [], n = 0;
    return function(chunk){
      if (!pattern) return 0;
      var buf = new Uint8Array(tail.length + chunk.length); buf.set(tail, 0); buf.set(chunk, tail.length);
      for (var i = 0; i + pattern.length <= buf.length; i++) {
        var ok = true;
        for (var j = 0; j < pattern.length; j++) if (buf[i + j] !== pattern[j]) { ok = false; break; }
        if (ok) n++;
      }
      tail = Array.prototype.slice.call(buf, Math.max(0, buf.length - pattern.length + 1));
      return n;
    };
  }
  document.addEventListener('click', function(e){
    var a = e.target && e.target.closest ? e.target.closest('a[data-download]') : null;
    if (!a || !window.fetch || !window.ReadableStream || !window.URL || !URL.createObjectURL) return;
    var box = document.getElementById(a.getAttribute('data-download'));
    if (!box) return;
    e.preventDefault();
    if (box.getAttribute('data-busy')) return;
    box.setAttribute('data-busy', '1');
    var bar = box.querySelector('progress'), text = box.querySelector('[data-progress-text]');
    box.hidden = false; bar.removeAttribute('value'); text.textContent = '正在准备下载…';
    fetch(a.href, { credentials: 'same-origin' }).then(function(res){
      if (!res.ok) return res.json().then(function(j){ throw new Error(j && j.error ? j.error.message : '下载失败'); }, function(){ throw new Error('下载失败（' + res.status + '）'); });
      var total = parseInt(res.headers.get('X-Sheet-Count') || '', 10), count = counter(sig(a.getAttribute('data-count-kind')));
      var reader = res.body.getReader(), parts = [], bytes = 0;
      if (total > 0) bar.max = total;
      function step(){
        return reader.read().then(function(r){
          if (r.done) return;
          parts.push(r.value); bytes += r.value.length;
          var n = count(r.value), mb = (bytes / 1048576).toFixed(1) + ' MB';
          if (total > 0) { bar.value = Math.min(n, total); text.textContent = '已生成 ' + Math.min(n, total) + ' / ' + total + ' 份（' + mb + '）'; }
          else text.textContent = '已接收 ' + mb;
          return step();
        });
      }
      return step().then(function(){
        var url = URL.createObjectURL(new Blob(parts, { type: res.headers.get('Content-Type') || 'application/octet-stream' }));
        var save = document.createElement('a'); save.href = url; save.download = a.getAttribute('data-filename') || 'download';
        document.body.appendChild(save); save.click(); save.remove();
        setTimeout(function(){ URL.revokeObjectURL(url); }, 60000);
        if (total > 0) bar.value = total;
        text.textContent = '下载完成' + (total > 0 ? '：共 ' + total + ' 份' : '') + '。';
      });
    }).catch(function(err){ text.textContent = err.message || '下载失败，请重试。'; }).then(function(){ box.removeAttribute('data-busy'); });
  });
})();
/* usability pass: a form that came back with several problems moves focus to their list (each
   item links to its field), so the reader hears them and can jump to each. */
(function(){
  function init(){ var s = document.getElementById('error-summary'); if (s && s.focus) s.focus(); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
/* location fields (data-place, views/components/place-field.tsx): the 省 → 市 → 县 picker answers in
   place from /api/v1/codes/divisions, its results follow the typing, and the “当前：…” hint follows
   the code as it is typed. Without the script the same buttons post the form (src/pages/place-picker.ts). */
(function(){
  var API = '/api/v1/codes/divisions';
  function get(url, done){
    if (!window.fetch) return false;
    fetch(url, { headers: { accept: 'application/json' } })
      .then(function(r){ return r.ok ? r.json() : null; })
      .then(function(j){ if (j) done(j); })
      .catch(function(){});
    return true;
  }
  function el(tag, cls, text){ var x = document.createElement(tag); if (cls) x.className = cls; if (text) x.textContent = text; return x; }
  function render(box, id, data, query){
    var out = box.querySelector('[data-place-results]');
    out.textContent = '';
    var title = data.heading ? data.heading + '：' : data.items.length ? '“' + query + '”的查找结果：'
      : query ? '没有找到“' + query + '”，请换个写法，如只输入区县名“海淀”，或按省份选择。' : '请输入地名再查找，或按省份选择。';
    var p = el('p', 'hint', title); p.setAttribute('data-place-title', ''); out.appendChild(p);
    if (data.items.length) {
      var ul = el('ul', 'place-list');
      data.items.forEach(function(it){
        var b = el('button', 'linkish-dark', it.level === 'county' ? it.name + '（' + it.code + '）' : it.name + ' ›');
        b.type = 'button';
        b.value = (it.level === 'county' ? 'place-pick:' : 'place-in:') + id + ':' + it.code;
        var li = el('li'); li.appendChild(b); ul.appendChild(li);
      });
      out.appendChild(ul);
    }
    if (data.more) out.appendChild(el('p', 'hint', '结果较多，只列出一部分：请输入更具体的地名，或打开所在的省、市。'));
  }
  function setCurrent(box, text){ var cur = box.querySelector('[data-place-current]'); if (cur && cur.textContent !== text) cur.textContent = text; }
  function follow(box){
    var input = box.querySelector('[data-place-code]'), code = input.value.trim();
    if (!code) return setCurrent(box, '');
    if (!/^[0-9]+$/.test(code) || code.length > 6) return setCurrent(box, '当前：应为 6 位数字代码');
    if (code.length < 6) return setCurrent(box, '当前：已输入 ' + code.length + ' 位');
    get(API + '?q=' + code, function(j){
      if (input.value.trim() !== code) return;
      setCurrent(box, j.items.length ? '当前：' + j.items[0].name : '当前：不是县级行政区划代码，请按地名查找');
    });
  }
  function step(box, value){
    var parts = value.split(':'), kind = parts[0], id = parts[1], code = parts[2] || '';
    var q = box.querySelector('[data-place-query]'), query = q ? q.value.trim() : '';
    if (kind === 'place-pick') {
      var input = box.querySelector('[data-place-code]');
      input.value = code;
      follow(box);
      box.querySelector('[data-place-results]').textContent = '';
      input.focus();
      return true;
    }
    var url = kind === 'place-in' ? API + '?in=' + code : API + '?q=' + encodeURIComponent(query);
    return get(url, function(j){ render(box, id, j, query); });
  }
  document.addEventListener('click', function(e){
    var b = e.target && e.target.closest ? e.target.closest('[data-place] button') : null;
    if (!b || !b.value || b.value.indexOf('place') !== 0) return;
    if (step(b.closest('[data-place]'), b.value)) e.preventDefault();
  });
  var timers = {};
  document.addEventListener('input', function(e){
    var t = e.target, box = t && t.closest ? t.closest('[data-place]') : null;
    if (!box) return;
    var id = box.getAttribute('data-place');
    if (t.hasAttribute('data-place-code')) follow(box);
    if (t.hasAttribute('data-place-query')) {
      clearTimeout(timers[id]);
      timers[id] = setTimeout(function(){
        if (t.value.trim()) step(box, 'place:' + id); else box.querySelector('[data-place-results]').textContent = '';
      }, 200);
    }
  });
  // Enter in the search box searches (it would otherwise press the form's first button).
  document.addEventListener('keydown', function(e){
    var t = e.target;
    if (e.key !== 'Enter' || !t || !t.hasAttribute || !t.hasAttribute('data-place-query')) return;
    e.preventDefault();
    var box = t.closest('[data-place]');
    step(box, 'place:' + box.getAttribute('data-place'));
  });
})();
`
