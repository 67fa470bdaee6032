package dev.streamedge.player.web;

import static dev.streamedge.player.web.Html.escape;

import dev.streamedge.player.config.CatalogEntry;
import java.util.List;
import java.util.Objects;

/**
 * The server-rendered pages. Every value from configuration or the request is escaped; pages carry no
 * inline script (the site's Content-Security-Policy forbids it): a page passes its parameters to its script
 * in {@code data-} attributes. Whether someone is signed in is shown by {@code site.js} from the display
 * cookie, so a page is the same for everyone.
 */
final class Pages {
  private final StaticAssets assets;
  private final String signInHint;

  Pages(StaticAssets assets, String signInHint) {
    this.assets = Objects.requireNonNull(assets, "assets");
    this.signInHint = signInHint;
  }

  String catalog(List<CatalogEntry> videos, List<CatalogEntry> files) {
    StringBuilder b = new StringBuilder();
    b.append("<section class=\"intro\"><h1>Watch</h1><p>Every video and file on this site is served by the "
        + "streamedge edge in front of two redundant packagers. Open one and watch the edge work.</p></section>\n");
    b.append("<section class=\"grid\">\n");
    for (CatalogEntry e : videos) {
      b.append("<a class=\"card ").append(e.kind().yamlName()).append("\" href=\"").append(escape(e.watchPath()))
          .append("\" data-entry=\"").append(escape(e.kind().yamlName() + "/" + e.id())).append("\">")
          .append("<span class=\"badges\"><span class=\"badge kind\">")
          .append(e.kind() == CatalogEntry.Kind.LIVE ? "LIVE" : "VOD").append("</span>");
      if (e.subscribersOnly()) {
        b.append("<span class=\"badge lock\">Subscribers</span>");
      } else {
        b.append("<span class=\"badge free\">Free</span>");
      }
      b.append("</span><h2>").append(escape(e.title())).append("</h2>");
      if (!e.description().isEmpty()) {
        b.append("<p>").append(escape(e.description())).append("</p>");
      }
      b.append("</a>\n");
    }
    b.append("</section>\n");
    if (!files.isEmpty()) {
      b.append("<section class=\"more\"><h2>Downloads</h2><p>Large files through the edge, with ranges: ");
      for (int i = 0; i < files.size(); i++) {
        CatalogEntry f = files.get(i);
        b.append(i == 0 ? "" : ", ").append("<code>").append(escape(f.id())).append("</code>");
      }
      b.append(". <a href=\"/downloads\">See the downloads</a>.</p></section>\n");
    }
    return layout("Catalog", b.toString(), List.of());
  }

  String watch(CatalogEntry e) {
    String signIn = "/signin?next=" + e.watchPath();
    String b = "<section class=\"watch\" id=\"watch\" data-src=\"" + escape(e.mediaPath()) + "\" data-kind=\""
        + e.kind().yamlName() + "\" data-subscribers=\"" + e.subscribersOnly() + "\">\n"
        + "<div class=\"stage\">\n"
        + "<video id=\"video\" controls muted autoplay playsinline></video>\n"
        + "<div class=\"overlay\" id=\"denied\" hidden><h2>This video is for subscribers</h2>"
        + "<p>Sign in with a subscriber account to watch it.</p>"
        + "<p class=\"reason\">The edge answered <code id=\"denied-reason\">403</code></p>"
        + "<a class=\"button\" href=\"" + escape(signIn) + "\">Sign in</a></div>\n"
        + "<div class=\"overlay\" id=\"failed\" hidden><h2>Playback failed</h2><p id=\"failed-reason\"></p></div>\n"
        + "</div>\n"
        + "<div class=\"bar\"><h1>" + escape(e.title()) + "</h1>"
        + "<span class=\"live-badge\" id=\"live\" hidden><span class=\"dot\"></span>LIVE</span>"
        + "<span class=\"latency\" id=\"latency\"></span>"
        + "<span class=\"spacer\"></span>"
        + "<label class=\"quality\">Quality <select id=\"quality\" disabled><option value=\"-1\">Auto</option></select></label>"
        + "<span class=\"level\" id=\"level\"></span></div>\n"
        + (e.description().isEmpty() ? "" : "<p class=\"description\">" + escape(e.description()) + "</p>\n")
        + "<aside class=\"edge-panel\"><h2>What the edge did</h2>"
        + "<dl class=\"counters\"><div><dt>Hits</dt><dd id=\"hits\">0</dd></div>"
        + "<div><dt>Misses</dt><dd id=\"misses\">0</dd></div>"
        + "<div><dt>Bytes</dt><dd id=\"bytes\">0</dd></div>"
        + "<div><dt>Errors</dt><dd id=\"errors\">0</dd></div></dl>"
        + "<table class=\"requests\"><thead><tr><th>Request</th><th>Status</th><th>X-Cache</th>"
        + "<th class=\"num\">Bytes</th><th class=\"num\">ms</th></tr></thead><tbody id=\"requests\"></tbody></table>"
        + "</aside>\n</section>\n";
    return layout(e.title(), b, List.of(assets.hlsUrl(), assets.url("watch.js")));
  }

  String downloads(List<CatalogEntry> files) {
    StringBuilder b = new StringBuilder();
    b.append("<section class=\"intro\"><h1>Downloads</h1><p>Large files served through the edge. Sizes and the "
        + "cache result come from the edge itself; <em>Try a range</em> fetches the first MiB with a "
        + "<code>Range</code> request.</p></section>\n");
    b.append("<table class=\"downloads\"><thead><tr><th>File</th><th>What</th><th class=\"num\">Size</th>"
        + "<th>X-Cache</th><th></th></tr></thead><tbody>\n");
    for (CatalogEntry f : files) {
      b.append("<tr data-url=\"").append(escape(f.mediaPath())).append("\">")
          .append("<td><a href=\"").append(escape(f.mediaPath())).append("\" download><code>")
          .append(escape(f.id())).append("</code></a>")
          .append(f.subscribersOnly() ? " <span class=\"badge lock\">Subscribers</span>" : "").append("</td>")
          .append("<td>").append(escape(f.title())).append("</td>")
          .append("<td class=\"num size\">…</td><td class=\"cache\"></td>")
          .append("<td><button type=\"button\" class=\"range\">Try a range</button> <span class=\"range-result\"></span></td>")
          .append("</tr>\n");
    }
    b.append("</tbody></table>\n");
    if (files.isEmpty()) {
      b.append("<p>No downloads are configured.</p>\n");
    }
    return layout("Downloads", b.toString(), List.of(assets.url("downloads.js")));
  }

  String signIn(String next, String error, String user) {
    StringBuilder b = new StringBuilder();
    b.append("<section class=\"signin\"><h1>Sign in</h1>"
        + "<p>Subscribers get signed cookies that open the protected videos through the edge.</p>");
    if (error != null) {
      b.append("<p class=\"error\" id=\"signin-error\" role=\"alert\">").append(escape(error)).append("</p>");
    }
    b.append("<form method=\"post\" action=\"/signin\" class=\"form\">")
        .append("<input type=\"hidden\" name=\"next\" value=\"").append(escape(next)).append("\">")
        .append("<label>User name <input name=\"username\" id=\"username\" autocomplete=\"username\" required "
            + "maxlength=\"64\" value=\"").append(escape(user == null ? "" : user)).append("\"></label>")
        .append("<label>Password <input name=\"password\" id=\"password\" type=\"password\" "
            + "autocomplete=\"current-password\" required maxlength=\"1024\"></label>")
        .append("<button type=\"submit\" id=\"signin-submit\">Sign in</button></form>");
    if (signInHint != null) {
      b.append("<p class=\"hint\">").append(escape(signInHint)).append("</p>");
    }
    b.append("</section>\n");
    return layout("Sign in", b.toString(), List.of());
  }

  String notFound(String what) {
    return layout("Not found", "<section class=\"intro\"><h1>Not found</h1><p>" + escape(what)
        + "</p><p><a href=\"/\">Back to the catalog</a></p></section>\n", List.of());
  }

  private String layout(String title, String main, List<String> scripts) {
    StringBuilder b = new StringBuilder(4096);
    b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>").append(escape(title)).append(" · streamedge</title>"
        + "<link rel=\"stylesheet\" href=\"").append(assets.url("app.css")).append("\">"
        + "<script src=\"").append(assets.url("site.js")).append("\" defer></script>");
    for (String s : scripts) {
      b.append("<script src=\"").append(escape(s)).append("\" defer></script>");
    }
    b.append("</head><body>\n<header class=\"top\"><a class=\"brand\" href=\"/\">stream<b>edge</b></a>"
        + "<nav><a href=\"/\">Catalog</a><a href=\"/downloads\">Downloads</a></nav>"
        + "<div class=\"account\"><span id=\"signed-in\" hidden>Signed in as <b id=\"user\"></b> "
        + "<form method=\"post\" action=\"/signout\"><button type=\"submit\" id=\"signout\">Sign out</button></form></span>"
        + "<a id=\"signed-out\" class=\"button\" href=\"/signin\">Sign in</a></div></header>\n<main>\n")
        .append(main)
        .append("</main>\n<footer>Served through the streamedge edge · player on hls.js ")
        .append(escape(assets.hlsVersion())).append("</footer>\n</body></html>\n");
    return b.toString();
  }
}
