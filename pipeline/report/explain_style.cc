#include "pipeline/report/explain_style.h"

#include <cstdio>
#include <numeric>
#include <string_view>

namespace winnow {

const std::vector<Reason>& AllReasons() {
  static const std::vector<Reason> all = [] {
    std::vector<Reason> v;
    for (int i = 1; i < static_cast<int>(Reason::kReasonCount); ++i) {
      const Reason r = static_cast<Reason>(i);
      if (ReasonName(r) != "unknown") v.push_back(r);
    }
    return v;
  }();
  return all;
}

std::string ReasonColour(Reason r) {
  // One hue per reason, spread evenly over the circle and handed out in
  // steps of about 0.38 of it (a step coprime with the count, so no two
  // reasons share a hue): neighbours in the list never look alike. Hues
  // next to each other on the circle alternate dark and light. A reason
  // added to the list gets a colour like the rest. Both lightnesses keep
  // white chip text readable.
  const std::vector<Reason>& all = AllReasons();
  const size_t n = all.size();
  size_t k = 0;
  while (k < n && all[k] != r) ++k;
  size_t step = (n * 382 + 500) / 1000;
  while (std::gcd(step, n) != 1) ++step;
  const size_t h = k * step % n;
  char buf[48];
  std::snprintf(buf, sizeof buf, "hsl(%d,65%%,%d%%)", static_cast<int>(h * 360 / n), h % 2 ? 40 : 28);
  return buf;
}

std::string ReasonCss() {
  std::string css;
  for (Reason r : AllReasons()) {
    css += ".r-";
    css += ReasonName(r);
    css += "{--c:" + ReasonColour(r) + "}\n";
  }
  return css;
}

const char kExplainCss[] = R"(
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
main,#summary,#toc{max-width:64em;margin:0 auto;padding:0 1em}
header{position:sticky;top:0;z-index:1;background:#fff;border-bottom:1px solid #ccc;padding:.4em max(1em,calc(50% - 32em))}
header h1{font-size:17px;margin:.2em 0}header p{margin:.2em 0}
.controls{display:flex;gap:.6em;align-items:center;flex-wrap:wrap}
.controls input{width:18em}.sample{color:#8a5a00}
.chip,.tag{display:inline-block;white-space:nowrap;font-size:11px;padding:0 .45em;margin:0 .3em .2em 0;border-radius:3px;color:#fff;background:var(--c,#888);text-decoration:none}
table{border-collapse:collapse}td{padding:.15em .6em .15em 0;vertical-align:top}td.n{text-align:right;white-space:nowrap;color:#555}
.ex{font-size:12px}.ex a,.ex span{color:#444;margin-right:.4em}.ex a+a:before,.ex a+span:before,.ex span+a:before,.ex span+span:before{content:'\00b7';color:#aaa;margin-right:.4em}
#toc summary{font-size:1.5em;font-weight:bold;margin:.8em 0;cursor:pointer}#toc ol{columns:2;font-size:12px;padding-left:2em}#toc li{break-inside:avoid}
section.doc{background:#fff;border:1px solid #ddd;border-radius:6px;margin:1em 0;padding:.5em 1em}
section.dropped,section.rejected{background:#f3f3f3}
section.doc h2{font-size:15px;margin:.3em 0}.fate{font-weight:normal;color:#666}.url{color:#666;font-size:12px}
p{margin:.25em 0}p.x{border-left:4px solid var(--c,#999);padding-left:.5em;color:#777}
p.x .t{text-decoration:line-through}.dom{display:block;font-size:11px;color:#888;text-decoration:none}.dom b{font-weight:600;color:#666}a.of{font-size:12px;margin-left:.5em}.gone{font-size:12px;color:#999;margin-left:.5em}
.error{color:#b03020}:target{outline:2px solid #f0b400}[id^=d-]{scroll-margin-top:9em}
[hidden]{display:none!important}
)";

const char kExplainScript[] = R"(
(function(){
var docs=[].slice.call(document.querySelectorAll('section.doc'));
var sel=document.getElementById('reason'),q=document.getElementById('q'),shown=document.getElementById('shown');
function fromUrl(){
  var p=new URLSearchParams(location.hash.slice(1)+'&'+location.search.slice(1));
  var r=p.get('reason')||'';
  if(r&&!sel.querySelector('option[value="'+r.replace(/["\\]/g,'')+'"]')){
    var o=document.createElement('option');o.value=o.textContent=r;sel.appendChild(o);}
  sel.value=r;q.value=p.get('q')||'';
}
function apply(){
  var r=sel.value,s=q.value.trim().toLowerCase(),n=0;
  docs.forEach(function(d){
    var ok=(!r||(' '+d.getAttribute('data-reasons')+' ').indexOf(' '+r+' ')>=0)&&
           (!s||d.getAttribute('data-id').toLowerCase().indexOf(s)>=0||d.textContent.toLowerCase().indexOf(s)>=0);
    d.hidden=!ok;n+=ok;
    var t=document.getElementById('t-'+d.id);if(t)t.hidden=!ok;
  });
  shown.textContent=n+' of '+docs.length+' documents on this page match';
}
function set(){
  var p=[];if(sel.value)p.push('reason='+encodeURIComponent(sel.value));
  if(q.value)p.push('q='+encodeURIComponent(q.value));
  history.replaceState(null,'',p.length?'#'+p.join('&'):location.pathname+location.search);apply();
}
sel.addEventListener('change',set);q.addEventListener('input',set);
window.addEventListener('hashchange',function(){if(/(^#|&)(reason|q)=/.test(location.hash)){fromUrl();apply();}});
fromUrl();apply();
// The browser scrolled to a #d-... anchor before the filter changed the page.
var t=/^#d-/.test(location.hash)&&document.getElementById(location.hash.slice(1));
if(t)t.scrollIntoView();
})();
)";

}  // namespace winnow
