#!/usr/bin/python3
# A real RTSP server for the live-camera tests (no camera needed): gst-rtsp-server from Debian's
# gir1.2-gst-rtsp-server-1.0, serving one mount whose media is the GStreamer launch line given.
# usage: rtsp_server.py PORT MOUNT "( videotestsrc ... ! rtpjpegpay name=pay0 )"
# Prints "ready" on stdout once it listens. Stop it with SIGSTOP (stall), SIGKILL (unplug).
import sys
import gi
gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import Gst, GstRtspServer, GLib

Gst.init(None)
port, mount, launch = sys.argv[1], sys.argv[2], sys.argv[3]
server = GstRtspServer.RTSPServer()
server.set_address('127.0.0.1')
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(launch)
factory.set_shared(True)
server.get_mount_points().add_factory(mount, factory)
if server.attach(None) == 0:
    print('cannot listen on port ' + port, file=sys.stderr, flush=True)
    sys.exit(2)
print('ready', flush=True)
GLib.MainLoop().run()
