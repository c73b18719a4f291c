package io.intakeedge.agent.status;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * {@code GET /api/live.jpg}: the live view's newest JPEG ({@link LiveView}), with {@code x-live-seq} (grows by one per
 * encoded frame), {@code x-frame-index} and {@code x-gate}. Before the first frame is encoded the answer is a grey
 * "waiting for a frame" image with {@code x-live-seq: 0}, so a page never shows a broken image. Each request keeps
 * the live view encoding for a few seconds more; nobody watching costs the station nothing.
 */
public final class LiveImageApi {
    private final LiveView live;
    private volatile Buffer placeholder;

    public LiveImageApi(LiveView live) {
        this.live = live;
    }

    public void mount(Router router) {
        router.get("/api/live.jpg").handler(this::image);
    }

    private void image(RoutingContext ctx) {
        QueryParams.none(ctx.queryParams());
        live.watched();
        LiveView.Jpeg jpeg = live.latest();
        var r = ctx.response().putHeader("content-type", "image/jpeg").putHeader("cache-control", "no-store");
        if (jpeg == null) {
            r.putHeader("x-live-seq", "0").end(placeholder());
            return;
        }
        r.putHeader("x-live-seq", Long.toString(jpeg.seq())).putHeader("x-frame-index", Long.toString(jpeg.frameIndex()))
                .putHeader("x-frame-captured-at", jpeg.capturedAt().toString()).putHeader("x-gate", jpeg.verdict())
                .end(Buffer.buffer(jpeg.bytes()));
    }

    private Buffer placeholder() {
        Buffer p = placeholder;
        if (p == null) {
            Mat m = new Mat(240, 320, CvType.CV_8UC3, new Scalar(90, 90, 90));
            Imgproc.putText(m, "waiting for a frame", new Point(40, 125), Imgproc.FONT_HERSHEY_SIMPLEX, 0.7,
                    new Scalar(235, 235, 235), 2);
            p = Buffer.buffer(LiveView.encode(m));
            m.release();
            placeholder = p;
        }
        return p;
    }
}
