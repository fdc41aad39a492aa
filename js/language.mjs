// The language switch. mkdocs-material renders its links once, in the
// header, and instant navigation does not re-render the header; so at click
// time we compute the same page's URL in the chosen language from the page
// being read. Pages are laid out as <base>/<path> (English, the default) and
// <base>/ja/<path> (Japanese), with the same <path>.
const LANGS = ["en", "ja"];
const DEFAULT = "en";

export function otherLanguageURL(href, target, baseURL) {
  const base = new URL(baseURL, href);       // the English root of the site
  const url = new URL(href);
  let rest = url.pathname.startsWith(base.pathname) ? url.pathname.slice(base.pathname.length) : "";
  const first = rest.split("/")[0];
  if (LANGS.includes(first) && first !== DEFAULT) rest = rest.slice(first.length + 1);
  const prefix = target === DEFAULT ? "" : `${target}/`;
  return new URL(prefix + rest + url.hash, base).href;
}

// mkdocs-material's config holds the path from the first page loaded to the
// site's root (the English root, for pages of either language). Resolved
// once, at load, as material itself does: later pages come by instant
// navigation and the relative path would be stale.
function siteRoot() {
  const el = document.getElementById("__config");
  const base = el ? JSON.parse(el.textContent).base : ".";
  return new URL(`${base}/`, location.href).href;
}

export function installLanguageSwitch() {
  const root = siteRoot();
  document.addEventListener("click", (ev) => {
    const link = ev.target.closest?.("a[hreflang]");
    if (!link || !link.closest(".md-header")) return;
    const target = link.getAttribute("hreflang").slice(0, 2);
    if (!LANGS.includes(target)) return;
    ev.preventDefault();
    ev.stopPropagation();
    location.href = otherLanguageURL(location.href, target, root);
  }, true);
}
