/** The one stylesheet, served at /static/app.css (no inline styles: the CSP forbids them). */
export const APP_CSS = `
:root{--fg:#1a1a1a;--muted:#555;--line:#d0d4da;--bg:#f6f7f9;--card:#fff;--brand:#0b5cad;--brand-dark:#084a8c;--ok:#1e7b34;--warn:#9a5b00;--err:#b3261e;--focus:#ffbf47}
*{box-sizing:border-box}
html{font-size:16px;-webkit-text-size-adjust:100%}
body{margin:0;font-family:"Noto Sans SC","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;color:var(--fg);background:var(--bg);line-height:1.6}
a{color:var(--brand)}
a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:10}
header.top{background:var(--brand);color:#fff}
header.top .bar{max-width:1100px;margin:0 auto;padding:10px 16px;display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;justify-content:space-between}
header.top a{color:#fff;text-decoration:none}
header.top .brand{font-weight:700;font-size:1.1rem}
header.top nav{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.95rem}
header.top nav a{padding:4px 0;border-bottom:2px solid transparent}
header.top nav a[aria-current=page]{border-bottom-color:#fff}
header.top form{display:inline;margin:0}
header.top .linkish{background:none;border:0;color:#fff;padding:0;font:inherit;cursor:pointer;text-decoration:underline}
main{max-width:1100px;margin:0 auto;padding:16px}
main.narrow{max-width:560px}
h1{font-size:1.45rem;margin:.4em 0 .6em}
h2{font-size:1.15rem;margin:1.2em 0 .5em}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px;margin:0 0 16px}
label{display:block;font-weight:600;margin:12px 0 4px}
.hint{color:var(--muted);font-size:.9rem;font-weight:400;margin:2px 0 6px}
input[type=text],input[type=password],input[type=search],input[type=date],input[type=email],input[type=tel],input[type=number],select,textarea{width:100%;font:inherit;font-size:1rem;padding:10px 12px;border:1px solid #8a9099;border-radius:6px;background:#fff;color:var(--fg)}
input[aria-invalid=true]{border-color:var(--err);border-width:2px}
fieldset{border:1px solid var(--line);border-radius:6px;margin:12px 0;padding:8px 12px}
legend{font-weight:600;padding:0 4px}
.choices{display:flex;flex-wrap:wrap;gap:8px 20px}
.choices label{font-weight:400;display:flex;align-items:center;gap:6px;margin:4px 0;min-height:44px}
.choices input{width:22px;height:22px}
button,.button{display:inline-block;font:inherit;font-size:1rem;font-weight:600;padding:10px 18px;min-height:44px;border-radius:6px;border:1px solid var(--brand);background:var(--brand);color:#fff;cursor:pointer;text-decoration:none;text-align:center}
button:hover,.button:hover{background:var(--brand-dark)}
button.secondary,.button.secondary{background:#fff;color:var(--brand)}
button.danger{background:var(--err);border-color:var(--err)}
button.block{width:100%}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:16px;align-items:center}
.alert{border-radius:6px;padding:12px 14px;margin:0 0 16px;border:1px solid}
.alert.error{background:#fdecea;border-color:#f1aeb5;color:#7a1a14}
.alert.ok{background:#e8f5ec;border-color:#9fd3ae;color:#14532d}
.alert.warn{background:#fff4e0;border-color:#f0c36d;color:#5c3a00}
.alert.info{background:#e8f1fb;border-color:#a9c8ec;color:#0a3a6b}
.alert h2{margin:0 0 4px;font-size:1.05rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid var(--line);padding:8px 10px;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:600}
table.kv th{width:30%;white-space:nowrap}
.table-wrap{overflow-x:auto}
.muted{color:var(--muted)}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;letter-spacing:.05em}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:.85rem;border:1px solid var(--line);background:#fff}
.badge.ok{background:#e8f5ec;border-color:#9fd3ae}.badge.warn{background:#fff4e0;border-color:#f0c36d}.badge.err{background:#fdecea;border-color:#f1aeb5}
.filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:8px 12px;align-items:end}
.filters label{margin:0}
.pager{display:flex;gap:12px;align-items:center;margin:12px 0}
.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px}
.stat{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px}
.stat .n{font-size:1.6rem;font-weight:700}
.empty{padding:24px;text-align:center;color:var(--muted)}
footer.bottom{max-width:1100px;margin:24px auto;padding:0 16px;color:var(--muted);font-size:.85rem}
progress{width:100%;height:18px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
svg.chart text{font-size:12px;fill:#1a1a1a}
@media (max-width:600px){main{padding:12px}h1{font-size:1.25rem}table.kv th{width:40%}.hide-narrow{display:none}}
@media print{header.top,footer.bottom,.no-print,.actions{display:none!important}body{background:#fff}main{padding:0;max-width:none}.card{border:0;padding:0}}
/* roster reports: the 资格审核汇总表 prints one 院系 a page */
.summary-lines{display:flex;flex-wrap:wrap;gap:4px 32px;margin:8px 0}
@media print{.summary-sheet{break-after:page}.summary-sheet:last-child{break-after:auto}}
/* lookup (/verify, /v/…) */
.lead{margin:0 0 16px}
.verify-form .choices label{font-weight:600}
.number-status{min-height:1.6em;margin:6px 0 0}
.number-status[data-state=ok]{color:var(--ok);font-weight:600}
.number-status[data-state=err]{color:var(--err);font-weight:600}
.notes{margin:0;padding-left:1.4em}.notes li{margin:4px 0}
.alert:focus{outline:3px solid var(--focus);outline-offset:2px}
.kind-tabs{display:flex;gap:0;margin:0 0 16px;border-bottom:2px solid var(--line)}
.kind-tabs a{flex:1;text-align:center;padding:12px 8px;min-height:44px;text-decoration:none;font-weight:600;border:1px solid var(--line);border-bottom:0;background:#fff;color:var(--brand)}
.kind-tabs a[aria-current=page]{background:var(--brand);color:#fff;border-color:var(--brand)}
.list-views{display:flex;flex-wrap:wrap;gap:4px 16px;margin:0 0 12px}.list-views a{min-height:32px;display:inline-flex;align-items:center}.list-views a[aria-current=page]{font-weight:700;color:var(--fg);text-decoration:none}
table.sheet{margin:0 0 8px}
table.sheet td{word-break:break-all}
.verify-result h1{text-align:center}
@media print{.verify-result h1{font-size:1.3rem}.verify-result .alert{border:1px solid #000;background:#fff;color:#000}table.sheet th{background:#fff}a[href]{text-decoration:none;color:#000}}
/* dashboard and charts (issue 5) */
a.stat{display:block;color:inherit;text-decoration:none}a.stat:hover{border-color:var(--brand)}
svg.chart{display:block;width:100%;min-width:480px;height:auto;max-width:760px}
.chart-wrap{overflow-x:auto}
.chart-card details{margin:8px 0}
.nowrap{white-space:nowrap}
/* registration (issue 4) */
.proofs{list-style:none;padding:0;margin:8px 0}.proofs li{margin:8px 0;display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center}
img.proof-preview{display:block;max-width:100%;max-height:360px;border:1px solid var(--line);border-radius:4px;background:#fff}
form.inline{display:inline;margin:0}
button.small{min-height:32px;padding:4px 10px;font-size:.9rem}
.linkish-dark{background:none;border:0;color:var(--brand);padding:0;min-height:0;font:inherit;font-weight:600;text-decoration:underline;cursor:pointer}
.linkish-dark:hover{background:none;color:var(--brand-dark)}
.type-guide summary{cursor:pointer;font-weight:600;min-height:32px}
.type-guide h3{font-size:1rem;margin:12px 0 4px}
.type-guide dl{margin:0}.type-guide dt{font-weight:600;margin-top:6px}.type-guide dd{margin:0 0 4px 0}
.reg-form fieldset{margin:16px 0}
textarea{width:100%;font:inherit;font-size:1rem;padding:10px 12px;border:1px solid #8a9099;border-radius:6px}
[hidden]{display:none!important}
.card table.kv td{overflow-wrap:anywhere}
/* roster: differences from the school's record, import progress */
table.diff tr.changed th,table.diff tr.changed td{background:#fff7e0}
table.diff mark{background:#ffe08a;padding:0 2px;border-radius:2px}
table.diff .badge{margin-left:6px}
.import-progress progress{width:100%}
/* usability pass: tables keep Chinese words whole (a phone scrolls the table, it does not stack
   one character per line); record tables (kv) still wrap long values */
th,td{word-break:keep-all;overflow-wrap:break-word}
table.kv th,table.kv td{word-break:normal}
table.kv td{overflow-wrap:anywhere}
.table-wrap{-webkit-overflow-scrolling:touch;max-width:100%}
.table-wrap:focus{outline:3px solid var(--focus);outline-offset:2px}
.card>h2:first-child,.card>input[type=hidden]:first-child+h2,.card>h3:first-child,.card>fieldset:first-child,.card>input[type=hidden]:first-child+fieldset,.card>p:first-child{margin-top:0}
/* form errors: a summary with links to each field, and the message beside the field */
.field-error{color:var(--err);font-weight:600;margin:4px 0}
select[aria-invalid=true],textarea[aria-invalid=true]{border-color:var(--err);border-width:2px}
.error-list{margin:6px 0 0;padding-left:1.3em}.error-list a{color:#7a1a14;font-weight:600}
/* the form's first submit button answers Enter: a hidden copy of the safe one (暂存) */
.default-submit{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
header.top .who{display:inline-flex;flex-wrap:wrap;gap:4px 12px;align-items:center}
header.top .who a{text-decoration:underline}
/* the bell: a 44px target, the unread count as a red pill */
header.top a.bell{display:inline-flex;align-items:center;gap:4px;min-height:44px;text-decoration:none;position:relative}
header.top a.bell .badge{background:#c62828;color:#fff;border-radius:999px;padding:0 6px;font-size:.8em;font-weight:700;line-height:1.5}
ul.inbox{list-style:none;padding:0;margin:0}
ul.inbox li{border:1px solid #d9dee5;border-radius:8px;padding:10px 12px;margin:0 0 10px;background:#fff}
ul.inbox li.unread{border-left:4px solid var(--brand)}
ul.inbox h2{font-size:1.05em;margin:0 0 4px}
ul.inbox .meta{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;margin-top:6px}
.pager a,.pager span{min-height:44px;display:inline-flex;align-items:center}
.pager a{padding:0 6px}
.audit-filters{margin-bottom:12px}
dl.detail{margin:0;display:grid;grid-template-columns:auto 1fr;gap:0 8px}dl.detail dt{color:var(--muted)}dl.detail dd{margin:0}
.next-steps{list-style:none;padding:0;margin:0}.next-steps li{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:center;padding:8px 0;border-bottom:1px solid var(--line)}.next-steps li:last-child{border-bottom:0}
/* wide lists on a desktop: a little more room, and compact cells, so the common columns fit */
main,header.top .bar,footer.bottom{max-width:1200px}
.table-wrap th,.table-wrap td{padding:6px 8px}
.table-wrap td.mono{letter-spacing:0}
/* authorization (issue 6) */
.grant-list{list-style:none;padding:0;margin:0}
.grant-list li{border-top:1px solid var(--line);padding:10px 0}
.grant-list li:first-child{border-top:0}
.grant-head{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:center;margin-bottom:2px}
.grant-actions{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;margin-top:6px}
/* long free text in a table (reasons, details) wraps as usual, at a readable width */
td.text{word-break:normal;overflow-wrap:anywhere;min-width:12em}
table.kv td.mono{letter-spacing:0;overflow-wrap:normal;white-space:nowrap}
/* staff lists on a phone: each row becomes a card, so who it is and the status read without
   scrolling sideways. Title line: the checkbox (c-pick), the name (c-name, bold), 学号 (c-who) and
   the status at the right (c-status); the other cells follow from the next line (the row's ::after
   breaks it), two to a line, each named by its data-label. Wider screens keep the plain table. */
@media (max-width:600px){
table.cards,table.cards tbody,table.cards thead,table.cards tr{display:block}
table.cards{background:none}
table.cards thead th{display:none}
table.cards thead th.c-pick{display:flex;align-items:center;gap:10px;border:0;background:none;padding:0 0 8px 13px;font-weight:600;min-height:32px}
table.cards th.c-pick label.sr-only{position:static;width:auto;height:auto;overflow:visible;clip:auto;white-space:normal;margin:0;font-weight:400}
table.cards tbody tr{display:flex;flex-wrap:wrap;align-items:baseline;gap:2px 12px;background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 12px;margin:0 0 8px}
table.cards td{display:block;border:0;padding:0;order:2;flex:1 1 40%;min-width:0;max-width:100%;white-space:normal}
table.cards td[data-label]::before{content:attr(data-label);color:var(--muted);font-size:.85rem;margin-right:6px}
table.cards tbody tr::after{content:"";order:1;flex:1 1 100%;height:0}
table.cards td.c-pick{order:0;flex:0 0 auto;min-width:0;width:22px;align-self:flex-start;margin-top:2px}
table.cards td.c-who,table.cards td.c-name{order:0;flex:0 1 auto;min-width:0}
table.cards td.c-name{font-weight:600}
table.cards td.c-status{order:1;flex:0 1 auto;min-width:0;margin-left:auto}
table.cards td.c-status[data-label],table.cards td.c-wide{flex:1 1 100%;margin-left:0}
table.cards td label{display:inline;margin:0}
table.cards input[type=checkbox]{width:22px;height:22px;margin:0;vertical-align:middle}
table.cards .badge{white-space:nowrap}
table.cards .hide-narrow{display:none}
}
/* wide lists on a desktop (issue 13 §13): names, places and units wrap inside their column (at
   least a few characters to a line), so that numbers, times and links keep their room; numbers
   never break */
.table-wrap .wrap{word-break:normal;overflow-wrap:anywhere;white-space:normal}
.table-wrap td.wrap{min-width:5em}
.table-wrap .mono{letter-spacing:0;white-space:nowrap}
/* the 登记记录 table in the narrow page column: the reason takes what is left */
table.history td.text{min-width:8em}
@media (max-width:600px){table.cards.history td.c-who{font-weight:600}}
.place-search{margin:6px 0 4px;padding:8px 10px;border-left:3px solid var(--line)}
.place-search label{font-weight:400;font-size:.9rem;margin:0 0 4px}
.inline-search{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.inline-search input{flex:1 1 12em;width:auto}
.place-list{list-style:none;margin:4px 0;padding:0;max-height:18em;overflow-y:auto}
.place-list li{margin:0}
.place-list button{min-height:36px;text-align:left;font-weight:400}
/* the 鉴证 screen (seed 004 §2.3 (3)): the reported registration, the agreement, the unit and the
   graduate side by side on a desktop, one under the other on a phone */
.review-grid{display:grid;grid-template-columns:minmax(0,1fr);gap:0 16px}
@media (min-width:1000px){.review-grid{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}}
.review-grid table.kv td{overflow-wrap:anywhere}
/* 毕业生就业推荐表: the 字 counter under each textarea, the five parts read back */
.counter{color:var(--muted);font-size:.9rem;margin:4px 0 0;text-align:right}
.counter[data-state=over]{color:var(--err);font-weight:600}
.req{color:var(--muted);font-weight:400;font-size:.9rem}
.part{border-top:1px solid var(--line);padding:8px 0}.part:first-child{border-top:0;padding-top:0}
.part h3{font-size:1rem;margin:0 0 4px}
.part-text{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
`
