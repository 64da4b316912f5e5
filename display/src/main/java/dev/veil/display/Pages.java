package dev.veil.display;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML pages. Self-contained (no external scripts, styles or fonts), and every stream id, which comes from the
 * network, is escaped where it lands; the scripts set text with {@code textContent} only.
 */
final class Pages {

    private static final String STYLE = """
              :root { color-scheme: dark; font-family: system-ui, -apple-system, "Segoe UI", sans-serif;
                      --bg: #0f1216; --panel: #181d23; --line: #2a313a; --text: #e6e8eb; --muted: #8e99a4;
                      --accent: #8ab4f8; --ok: #81c995; --warn: #fdd663; --bad: #f28b82; }
              * { box-sizing: border-box; }
              body { margin: 0; background: var(--bg); color: var(--text); }
              header { padding: 12px 24px; background: var(--panel); border-bottom: 1px solid var(--line);
                       display: flex; align-items: center; gap: 16px; }
              header h1 { font-size: 18px; margin: 0; font-weight: 600; overflow-wrap: anywhere; }
              header a { color: var(--accent); text-decoration: none; font-size: 14px; }
              header .spacer { flex: 1; }
              main { padding: 20px 24px; }
              .muted { color: var(--muted); }
              .live { display: inline-flex; align-items: center; gap: 6px; font-size: 13px; color: var(--muted); }
              .live .dot { width: 10px; height: 10px; border-radius: 50%; background: var(--muted); }
              .live.on .dot { background: var(--ok); box-shadow: 0 0 8px var(--ok); }
              .live.stale .dot { background: var(--warn); }
              .live.down .dot { background: var(--bad); }
              .danger { background: #5c1a16; color: #ffdad6; border: 2px solid var(--bad); border-radius: 8px;
                        padding: 12px 16px; margin-bottom: 16px; font-weight: 700; letter-spacing: .02em; }
              .danger[hidden] { display: none; }
              ul.streams { list-style: none; padding: 0; margin: 0; display: grid; gap: 8px; max-width: 720px; }
              ul.streams a { display: flex; justify-content: space-between; gap: 16px; padding: 12px 16px;
                             border-radius: 8px; background: var(--panel); color: var(--text); text-decoration: none;
                             border: 1px solid var(--line); }
              ul.streams a:hover { border-color: var(--accent); }
              .badge { font-size: 12px; font-weight: 700; color: #ffdad6; background: #5c1a16; border-radius: 4px;
                       padding: 2px 6px; margin-left: 8px; }
              .viewer { display: flex; flex-wrap: wrap; gap: 20px; align-items: flex-start; }
              .picture { flex: 1 1 640px; min-width: 320px; background: #000; border-radius: 8px; overflow: hidden;
                         border: 1px solid var(--line); }
              .picture img { display: block; width: 100%; height: auto; }
              .stats { flex: 0 1 360px; display: grid; gap: 12px; }
              .tiles { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
              .tile { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
              .tile .label { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
              .tile .value { font-size: 26px; font-weight: 600; font-variant-numeric: tabular-nums; margin-top: 2px; }
              .tile .value small { font-size: 14px; color: var(--muted); font-weight: 400; }
              .tile.wide { grid-column: span 2; }
              .tile canvas { width: 100%; height: 48px; display: block; margin-top: 6px; }
              .warn { color: var(--bad); }
              table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 13px; }
              td { padding: 3px 0; }
              td:last-child { text-align: right; }
              form.login { max-width: 360px; display: grid; gap: 12px; }
              form.login input { font-size: 16px; padding: 8px 10px; border-radius: 6px; border: 1px solid var(--line);
                                 background: var(--panel); color: var(--text); }
              form.login button { font-size: 15px; padding: 8px 10px; border-radius: 6px; border: 0;
                                  background: var(--accent); color: #0f1216; font-weight: 600; cursor: pointer; }
            """;

    private Pages() {
    }

    /** The list of streams; with none yet it says so and reloads itself until one appears. */
    static String index(List<StreamSnapshot> streams) {
        StringBuilder html = new StringBuilder(4096);
        html.append(head("Veil display", streams.isEmpty()));
        html.append("<body>\n<header><h1>Veil display</h1><span class=\"muted\">anonymized streams</span></header>\n<main>\n");
        if (streams.stream().anyMatch(StreamSnapshot::facesVisible)) {
            html.append("<div class=\"danger\">Faces are NOT hidden in a stream marked below: its sink runs the"
                    + " boxes debugging mode.</div>\n");
        }
        if (streams.isEmpty()) {
            html.append("<p class=\"muted\">Waiting for frames&hellip; this page reloads until a stream appears.</p>\n");
        } else {
            html.append("<ul class=\"streams\">\n");
            for (StreamSnapshot s : streams) {
                html.append("<li><a href=\"/view/").append(escape(pathSegment(s.stream()))).append("\"><span>")
                        .append(escape(s.stream()));
                if (s.facesVisible()) {
                    html.append("<span class=\"badge\">FACES VISIBLE</span>");
                }
                html.append("</span><span class=\"muted\">")
                        .append(String.format(Locale.ROOT, "%.1f fps &middot; %d frames &middot; %s &middot; %s on %s",
                                s.fps(), s.framesReceived(), escape(s.anonymization()), escape(s.detectionRuntime()),
                                escape(s.detectionDevice())))
                        .append("</span></a></li>\n");
            }
            html.append("</ul>\n");
        }
        html.append("</main></body></html>\n");
        return html.toString();
    }

    /**
     * The live picture and a stats panel that polls {@code /api/streams/{stream}} every second.
     *
     * @param facesVisible whether the stream's sink is known to show faces now; the page also checks every second
     */
    static String viewer(String stream, boolean facesVisible) {
        String path = escape(pathSegment(stream));
        return head(escape(stream) + " &middot; Veil display", false)
                + "<body data-stream=\"" + escape(stream) + "\">\n"
                + "<header><h1>" + escape(stream) + "</h1>"
                + "<span id=\"live\" class=\"live\"><span class=\"dot\"></span><span id=\"liveText\">connecting</span></span>"
                + "<span class=\"spacer\"></span><a href=\"/\">all streams</a></header>\n"
                + "<main>\n"
                + "<div id=\"facesVisible\" class=\"danger\"" + (facesVisible ? "" : " hidden") + ">"
                + "FACES ARE NOT HIDDEN: this stream's sink runs the boxes debugging mode, which only draws boxes"
                + " around faces.</div>\n"
                + "<div class=\"viewer\">\n"
                + "<div class=\"picture\"><img id=\"video\" src=\"/video/" + path + "\" alt=\"live picture of "
                + escape(stream) + "\"></div>\n"
                + "<section class=\"stats\">\n<div class=\"tiles\">\n"
                + tile("Frames per second", "fps", "")
                + tile("Faces per frame", "faces", "")
                + tile("Latency p50", "p50", "")
                + tile("Latency p99", "p99", "")
                + tile("Failed closed", "notOk", "")
                + tile("Dropped", "dropped", "")
                + "<div class=\"tile wide\"><div class=\"label\">Frames per second, last minute</div>"
                + "<canvas id=\"fpsChart\" width=\"320\" height=\"48\"></canvas></div>\n"
                + "<div class=\"tile wide\"><div class=\"label\">Latency p50, last minute</div>"
                + "<canvas id=\"latencyChart\" width=\"320\" height=\"48\"></canvas></div>\n"
                + "</div>\n"
                + "<div class=\"tile\"><table>\n"
                + row("Frames received", "received")
                + row("Frames shown", "shown")
                + row("Not marked anonymized: obscured here", "obscured")
                + row("Faces carried from an earlier frame", "carried")
                + row("Late (after the reorder window)", "late")
                + row("Stream restarts", "restarts")
                + row("Viewers", "viewers")
                + row("Anonymization", "mode")
                + row("Faces detected on", "detectedOn")
                + "</table></div>\n"
                + "<div class=\"tile\"><div class=\"label\">Per stage, p50 / p99</div><table id=\"stages\"></table></div>\n"
                + "</section>\n</div>\n</main>\n<script>" + SCRIPT + "</script>\n</body></html>\n";
    }

    /** The form that asks for the viewing token; {@code next} is where to go after it. */
    static String login(String next, boolean wrong) {
        return head("Sign in &middot; Veil display", false)
                + "<body>\n<header><h1>Veil display</h1></header>\n<main>\n"
                + "<form class=\"login\" method=\"post\" action=\"" + ViewerGate.LOGIN_PATH + "\">\n"
                + "<label for=\"token\">Viewing token</label>\n"
                + "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" autofocus required>\n"
                + "<input type=\"hidden\" name=\"next\" value=\"" + escape(next) + "\">\n"
                + (wrong ? "<div class=\"warn\">That token is not right.</div>\n" : "")
                + "<button type=\"submit\">Watch</button>\n</form>\n</main></body></html>\n";
    }

    private static String head(String title, boolean reload) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"referrer\" content=\"no-referrer\">\n"
                + (reload ? "<meta http-equiv=\"refresh\" content=\"2\">\n" : "")
                + "<title>" + title + "</title>\n<style>" + STYLE + "</style>\n</head>\n";
    }

    private static String tile(String label, String id, String initial) {
        return "<div class=\"tile\"><div class=\"label\">" + label + "</div><div class=\"value\" id=\"" + id + "\">"
                + (initial.isEmpty() ? "&ndash;" : initial) + "</div></div>\n";
    }

    private static String row(String label, String id) {
        return "<tr><td class=\"muted\">" + label + "</td><td id=\"" + id + "\">&ndash;</td></tr>\n";
    }

    private static final String SCRIPT = """
            (function () {
              'use strict';
              var stream = document.body.dataset.stream;
              var api = '/api/streams/' + encodeURIComponent(stream);
              var video = '/video/' + encodeURIComponent(stream);
              var img = document.getElementById('video');
              var fpsHistory = [];
              var latencyHistory = [];
              function set(id, text, warn) {
                var el = document.getElementById(id);
                el.textContent = text;
                el.classList.toggle('warn', !!warn);
              }
              function setWithUnit(id, value, unit, warn) {
                var el = document.getElementById(id);
                el.textContent = value;
                if (unit) {
                  var small = document.createElement('small');
                  small.textContent = ' ' + unit;
                  el.appendChild(small);
                }
                el.classList.toggle('warn', !!warn);
              }
              function live(state, text) {
                document.getElementById('live').className = 'live ' + state;
                document.getElementById('liveText').textContent = text;
              }
              function ms(v) { return v === null || v === undefined ? '\\u2013' : v.toFixed(v < 100 ? 1 : 0); }
              function push(list, v) { list.push(v); if (list.length > 60) { list.shift(); } }
              function chart(id, values, colour) {
                var c = document.getElementById(id);
                var g = c.getContext('2d');
                g.clearRect(0, 0, c.width, c.height);
                if (values.length < 2) { return; }
                var max = Math.max.apply(null, values.concat([1])) * 1.25;
                g.strokeStyle = colour;
                g.lineWidth = 2;
                g.beginPath();
                values.forEach(function (v, i) {
                  var x = i * (c.width - 2) / 59 + 1;
                  var y = c.height - 2 - (v / max) * (c.height - 6);
                  if (i === 0) { g.moveTo(x, y); } else { g.lineTo(x, y); }
                });
                g.stroke();
              }
              function render(s) {
                setWithUnit('fps', s.fps.toFixed(1), '');
                setWithUnit('faces', s.facesPerFrame.toFixed(2), '(last ' + s.facesLastFrame + ')');
                setWithUnit('p50', ms(s.latency && s.latency.p50Millis), 'ms');
                setWithUnit('p99', ms(s.latency && s.latency.p99Millis), 'ms');
                setWithUnit('notOk', String(s.framesNotOk), 'frames', s.framesNotOk > 0);
                setWithUnit('dropped', String(s.framesMissing), 'frames', s.framesMissing > 0);
                set('received', String(s.framesReceived));
                set('shown', String(s.framesShown));
                set('obscured', String(s.framesObscured), s.framesObscured > 0);
                set('carried', s.framesReceived > 0 ? s.framesCarried + ' (' + (100 * s.framesCarried / s.framesReceived).toFixed(0) + '%)' : '0');
                set('late', String(s.framesLate), s.framesLate > 0);
                set('restarts', String(s.restarts));
                set('viewers', String(s.viewers));
                set('mode', s.anonymization, s.facesVisible);
                set('detectedOn', s.detectionRuntime + ' on ' + s.detectionDevice);
                document.getElementById('facesVisible').hidden = !s.facesVisible;
                var table = document.getElementById('stages');
                while (table.firstChild) { table.removeChild(table.firstChild); }
                Object.keys(s.stageLatency).forEach(function (name) {
                  var l = s.stageLatency[name];
                  var tr = document.createElement('tr');
                  var a = document.createElement('td');
                  a.className = 'muted';
                  a.textContent = name;
                  var b = document.createElement('td');
                  b.textContent = ms(l.p50Millis) + ' / ' + ms(l.p99Millis) + ' ms';
                  tr.appendChild(a);
                  tr.appendChild(b);
                  table.appendChild(tr);
                });
                push(fpsHistory, s.fps);
                push(latencyHistory, s.latency ? s.latency.p50Millis : 0);
                chart('fpsChart', fpsHistory, '#81c995');
                chart('latencyChart', latencyHistory, '#8ab4f8');
                if (s.idleMillis >= 0 && s.idleMillis < 3000) {
                  live('on', 'live');
                } else {
                  live('stale', 'no frames for ' + Math.round(s.idleMillis / 1000) + ' s');
                }
              }
              function poll() {
                fetch(api, { cache: 'no-store' }).then(function (r) {
                  if (r.status === 401) { window.location = '/login?next=' + encodeURIComponent(location.pathname); return null; }
                  if (r.status === 404) { live('stale', 'waiting for frames'); return null; }
                  if (!r.ok) { throw new Error('HTTP ' + r.status); }
                  return r.json();
                }).then(function (s) {
                  if (s) { render(s); }
                }).catch(function (e) {
                  live('down', 'display unreachable (' + e.message + ')');
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

    /**
     * Sent with every answer. The pages' one style sheet and one script are allowed by their hashes and nothing
     * else runs: whatever text slipped into a page could not execute. Pictures, the stats and the login form stay
     * on this server, no other site may frame a page (click-jacking) or embed the pictures, and browsers take each
     * answer for the type it says.
     */
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; script-src '" + sha256(SCRIPT) + "'; style-src '"
                    + sha256(STYLE) + "'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none';"
                    + " frame-ancestors 'none'",
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cross-Origin-Resource-Policy", "same-origin");

    private static String sha256(String inline) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

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
