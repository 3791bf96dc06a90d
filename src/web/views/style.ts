/**
 * The web view's one stylesheet, served from /assets/style.css (a string here, so the build carries it
 * with the code). Colours are chosen for WCAG AA contrast on white (4.5:1 and more for text); focus is
 * always visible; nothing depends on colour alone (risk rows also say "risk" and carry ⚠).
 */
export const styleSheet = `
*{box-sizing:border-box}
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#1b1b1b;background:#fff;line-height:1.5}
header{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;padding:.5rem 1rem;border-bottom:1px solid #767676;background:#f4f4f4}
.brand{font-weight:700;margin:0}
nav{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;flex:1}
nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0;padding:0}
nav a{color:#0b4f8a}
nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
.logout{margin-left:auto;display:flex;gap:.5rem;align-items:center}
main{max-width:72rem;margin:0 auto;padding:1rem}
a{color:#0b4f8a}
a:focus,button:focus,input:focus,select:focus,textarea:focus,main:focus-visible{outline:3px solid #b35900;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem}
button{font:inherit;padding:.35rem .8rem;border:1px solid #0b4f8a;background:#0b4f8a;color:#fff;border-radius:3px;cursor:pointer}
button.secondary{background:#fff;color:#0b4f8a}
input,select,textarea{font:inherit;padding:.3rem;border:1px solid #595959;border-radius:3px}
label{display:block;font-weight:600;margin:.6rem 0 .2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid #c4c4c4;padding:.35rem .5rem;text-align:left;vertical-align:top}
th a{color:inherit}
tr.risk td{background:#fff1f2}
.flag-risk{color:#8a0015;font-weight:700}
.muted{color:#4a4a4a}
.notice{border-left:4px solid #0b4f8a;background:#eef5fb;padding:.5rem .8rem}
.error{border-left:4px solid #8a0015;background:#fff1f2;padding:.5rem .8rem}
.demo{border:2px dashed #b35900;padding:.3rem .6rem;display:inline-block}
ul.flags{margin:0;padding-left:1.1rem}
figure{margin:1rem 0}
figure svg{max-width:100%;height:auto}
caption{text-align:left;padding:.3rem 0}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,30rem),1fr));gap:1rem}
figure.chart{margin:0}
details summary{cursor:pointer;color:#0b4f8a}
blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:3px solid #767676;white-space:pre-wrap}
ul.words,ol.signals{padding-left:1.1rem}
ul.words p{margin:.2rem 0 0}
article.alert{border:1px solid #767676;border-radius:4px;padding:.5rem 1rem;margin:1rem 0}
article.alert.risk{border:2px solid #8a0015;border-left-width:8px;background:#fff1f2}
article.alert h3{margin:.3rem 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}
dt{font-weight:600}
dd{margin:0}
fieldset{border:1px solid #767676;border-radius:3px;margin:.5rem 0;padding:.3rem .8rem}
legend{font-weight:600;padding:0 .3rem}
.choice{display:flex;gap:.5rem;align-items:baseline;margin:.2rem 0}
.choice label{display:inline;font-weight:400;margin:0}
`;
