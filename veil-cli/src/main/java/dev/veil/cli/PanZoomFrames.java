package dev.veil.cli;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.veil.frame.JpegCodec;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A clip made of a photo by a virtual camera that pans and zooms over it, as the JPEGs the source vertex would send:
 * OpenCV only, no video codec, so that it can be made where only OpenCV's natives are (the GPU check's bundle). The
 * photo is centred on a grey canvas of the clip's shape; the camera zooms in to {@code maxZoom} at mid-clip toward a
 * point a third of the way across the photo and back out.
 */
final class PanZoomFrames {

    static final int JPEG_QUALITY = 90;

    private PanZoomFrames() {
    }

    static List<byte[]> jpegs(Mat photo, int width, int height, int frames, double maxZoom) {
        List<byte[]> out = new ArrayList<>(frames);
        double aspect = (double) width / height;
        int cw = Math.max(photo.cols(), (int) Math.ceil(photo.rows() * aspect));
        int ch = Math.max(photo.rows(), (int) Math.ceil(cw / aspect));
        try (Scalar grey = new Scalar(96, 96, 96, 0);
             Mat canvas = new Mat(ch, cw, CV_8UC3, grey);
             Rect at = new Rect((cw - photo.cols()) / 2, (ch - photo.rows()) / 2, photo.cols(), photo.rows());
             Mat target = canvas.apply(at);
             Mat frame = new Mat();
             Size size = new Size(width, height)) {
            photo.copyTo(target);
            double fx = cw / 3.0;
            double fy = ch / 3.0;
            for (int i = 0; i < frames; i++) {
                double t = frames == 1 ? 0 : (double) i / (frames - 1);
                double zoom = 1 + (maxZoom - 1) * Math.sin(Math.PI * t);
                double w = cw / zoom;
                double h = ch / zoom;
                double progress = maxZoom > 1 ? (zoom - 1) / (maxZoom - 1) : 0;
                double cx = cw / 2.0 + (fx - cw / 2.0) * progress;
                double cy = ch / 2.0 + (fy - ch / 2.0) * progress;
                int x = (int) Math.round(Math.max(0, Math.min(cw - w, cx - w / 2)));
                int y = (int) Math.round(Math.max(0, Math.min(ch - h, cy - h / 2)));
                try (Rect window = new Rect(x, y, (int) Math.round(w), (int) Math.round(h));
                     Mat view = canvas.apply(window)) {
                    resize(view, frame, size, 0, 0, view.cols() > width ? INTER_AREA : INTER_LINEAR);
                }
                out.add(JpegCodec.encode(frame, JPEG_QUALITY));
            }
        }
        return out;
    }
}
