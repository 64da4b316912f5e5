package dev.veil.display;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The two HTML pages. Self-contained (no external scripts, styles or fonts), and every stream id, which comes
 * from the network, is escaped where it lands.
 */
final class Pages {

    private static final String STYLE = """
            <style>
              :root { color-scheme: dark; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
              body { margin: 0; background: #111418; color: #e6e8eb; }
              header { padding: 14px 24px; background: #1a1f25; border-bottom: 1px solid #2a313a;
                       display: flex; align-items: baseline; gap: 16px; }
              header h1 { font-size: 18px; margin: 0; font-weight: 600; }
              header a { color: #8ab4f8; text-decoration: none; font-size: 14px; }
              main { padding: 24px; }
              .muted { color: #9aa4af; }
              ul.streams { list-style: none; padding: 0; margin: 0; display: grid; gap: 8px; max-width: 640px; }
              ul.streams a { display: flex; justify-content: space-between; padding: 12px 16px; border-radius: 8px;
                             background: #1a1f25; color: #e6e8eb; text-decoration: none; border: 1px solid #2a313a; }
              ul.streams a:hover { border-color: #8ab4f8; }
              .viewer { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
              .picture { flex: 1 1 640px; min-width: 320px; background: #000; border-radius: 8px; overflow: hidden; }
              .picture img { display: block; width: 100%; height: auto; }
              .stats { flex: 0 1 320px; background: #1a1f25; border: 1px solid #2a313a; border-radius: 8px;
                       padding: 16px 20px; }
              .stats h2 { font-size: 15px; margin: 0 0 12px; font-weight: 600; }
              .stats table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
              .stats td { padding: 4px 0; font-size: 14px; }
              .stats td:last-child { text-align: right; }
              .stats .warn { color: #f28b82; }
              #status { font-size: 13px; margin-top: 12px; }
            </style>
            """;

    private Pages() {
    }

    /** The list of streams; with none yet it says so and reloads itself until one appears. */
    static String index(List<StreamSnapshot> streams) {
        StringBuilder html = new StringBuilder(2048);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        html.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        if (streams.isEmpty()) {
            html.append("<meta http-equiv=\"refresh\" content=\"2\">\n");
        }
        html.append("<title>Veil display</title>\n").append(STYLE).append("</head><body>\n");
        html.append("<header><h1>Veil display</h1><span class=\"muted\">anonymized streams</span></header>\n<main>\n");
        if (streams.isEmpty()) {
            html.append("<p class=\"muted\">Waiting for frames&hellip; this page reloads until a stream appears.</p>\n");
        } else {
            html.append("<ul class=\"streams\">\n");
            for (StreamSnapshot s : streams) {
                html.append("<li><a href=\"/view/").append(escape(pathSegment(s.stream()))).append("\"><span>")
                        .append(escape(s.stream())).append("</span><span class=\"muted\">")
                        .append(String.format(Locale.ROOT, "%.1f fps &middot; %d frames", s.fps(), s.framesReceived()))
                        .append("</span></a></li>\n");
            }
            html.append("</ul>\n");
        }
        html.append("</main></body></html>\n");
        return html.toString();
    }

    /** The live picture and a stats panel that polls {@code /api/streams/{stream}} every second. */
    static String viewer(String stream) {
        String path = escape(pathSegment(stream));
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(stream) + " &middot; Veil display</title>\n" + STYLE + "</head>\n"
                + "<body data-stream=\"" + escape(stream) + "\">\n"
                + "<header><h1>" + escape(stream) + "</h1><a href=\"/\">all streams</a></header>\n"
                + "<main class=\"viewer\">\n"
                + "<div class=\"picture\"><img id=\"video\" src=\"/video/" + path + "\" alt=\"live picture of "
                + escape(stream) + "\"></div>\n"
                + "<section class=\"stats\"><h2>Stream</h2><table>\n"
                + row("Frames per second", "fps")
                + row("Faces per frame", "faces")
                + row("Latency p50", "p50")
                + row("Latency p99", "p99")
                + row("Frames received", "received")
                + row("Frames not OK", "notOk")
                + row("Late frames", "late")
                + row("Viewers", "viewers")
                + "</table>\n<h2 style=\"margin-top:16px\">Per stage (p50 / p99)</h2>\n"
                + "<table id=\"stages\"></table>\n<div id=\"status\" class=\"muted\">connecting&hellip;</div>\n"
                + "</section>\n</main>\n<script>\n" + SCRIPT + "</script>\n</body></html>\n";
    }

    private static String row(String label, String id) {
        return "<tr><td class=\"muted\">" + label + "</td><td id=\"" + id + "\">&ndash;</td></tr>\n";
    }

    // Text is set with textContent only: stage names come from the wire.
    private static final String SCRIPT = """
            (function () {
              'use strict';
              var stream = document.body.dataset.stream;
              var api = '/api/streams/' + encodeURIComponent(stream);
              var video = '/video/' + encodeURIComponent(stream);
              var img = document.getElementById('video');
              function set(id, text, warn) {
                var el = document.getElementById(id);
                el.textContent = text;
                el.className = warn ? 'warn' : '';
              }
              function status(text, warn) {
                var el = document.getElementById('status');
                el.textContent = text;
                el.className = warn ? 'warn' : 'muted';
              }
              function ms(v) { return v === null || v === undefined ? '\\u2013' : v.toFixed(1) + ' ms'; }
              function render(s) {
                set('fps', s.fps.toFixed(1));
                set('faces', s.facesPerFrame.toFixed(2) + ' (last ' + s.facesLastFrame + ')');
                set('p50', ms(s.latency && s.latency.p50Millis));
                set('p99', ms(s.latency && s.latency.p99Millis));
                set('received', String(s.framesReceived));
                set('notOk', String(s.framesNotOk), s.framesNotOk > 0);
                set('late', String(s.framesLate), s.framesLate > 0);
                set('viewers', String(s.viewers));
                var table = document.getElementById('stages');
                while (table.firstChild) { table.removeChild(table.firstChild); }
                Object.keys(s.stageLatency).forEach(function (name) {
                  var l = s.stageLatency[name];
                  var tr = document.createElement('tr');
                  var a = document.createElement('td');
                  a.className = 'muted';
                  a.textContent = name;
                  var b = document.createElement('td');
                  b.textContent = ms(l.p50Millis) + ' / ' + ms(l.p99Millis);
                  tr.appendChild(a);
                  tr.appendChild(b);
                  table.appendChild(tr);
                });
              }
              function poll() {
                fetch(api, { cache: 'no-store' }).then(function (r) {
                  if (r.status === 404) { status('waiting for frames\\u2026'); return null; }
                  if (!r.ok) { throw new Error('HTTP ' + r.status); }
                  return r.json();
                }).then(function (s) {
                  if (s) { render(s); status('updated ' + new Date().toLocaleTimeString()); }
                }).catch(function (e) {
                  status('display server unreachable (' + e.message + ')', true);
                });
              }
              // The picture stream ends when the server restarts or gives up waiting: try again shortly.
              img.addEventListener('error', function () {
                setTimeout(function () { img.src = video + '?retry=' + Date.now(); }, 2000);
              });
              poll();
              setInterval(poll, 1000);
            })();
            """;

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Percent-encodes text as one URL path segment (URLEncoder is for forms: it writes a space as '+'). */
    static String pathSegment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
