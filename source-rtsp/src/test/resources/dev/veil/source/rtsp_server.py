# A real RTSP server for the tests: GStreamer's, from Debian's packages (python3-gi, gir1.2-gst-rtsp-server-1.0,
# gstreamer1.0-plugins-good/-bad/-base). Serves an H.264 MP4 at rtsp://127.0.0.1:PORT/test, optionally behind
# basic authentication. Run with Debian's /usr/bin/python3; prints "ready" once it listens.
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

clip, port = sys.argv[1], sys.argv[2]
user = sys.argv[3] if len(sys.argv) > 4 else None
password = sys.argv[4] if len(sys.argv) > 4 else None

Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch("( filesrc location=%s ! qtdemux ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=1 )"
                   % clip)
if user:
    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string("media.factory.role", user)
    auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
    server.set_auth(auth)
    factory.add_role_from_structure(Gst.Structure.new_from_string(
        "%s, media.factory.access=(boolean)true, media.factory.construct=(boolean)true" % user))
server.get_mount_points().add_factory("/test", factory)
if server.attach(None) == 0:
    print("cannot listen on port %s" % port, flush=True)
    sys.exit(3)
print("ready port=%s" % port, flush=True)
GLib.MainLoop().run()
