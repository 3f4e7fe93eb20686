package dam.local.rekognition;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.CascadeClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frontal faces with OpenCV's Viola–Jones Haar cascade ({@code haarcascade_frontalface_default.xml}, Debian
 * {@code opencv-data}). A face needs {@link #MIN_NEIGHBOURS} overlapping raw hits, and the cascade's final-stage
 * weight says how face-like it is: detections at or below {@link #MIN_WEIGHT} are mostly texture (hair, fabric,
 * foliage) and are dropped. Confidence maps the weight through a
 * logistic curve centred on that threshold, so kept faces score 50–100 and stronger ones score higher — a ranking, not
 * a calibrated probability like AWS's.
 */
public final class HaarFaceDetector implements FaceDetector {

    public static final Path DEBIAN_CASCADE =
            Path.of("/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml");
    static final double MIN_WEIGHT = 3.0;
    /**
     * Overlapping raw hits a face needs. 3 (OpenCV's default) let star fields and gravel through with weights above
     * 6 in skimage's sample photos; 4 drops them and keeps the astronaut's face (weight 7.4).
     */
    static final int MIN_NEIGHBOURS = 4;
    /** Smallest face looked for, as a fraction of the image's short side: AWS's 40 px in a 1080 px-high image. */
    static final double MIN_FACE = 40.0 / 1080.0;
    /** The cascade's own window (24 px). */
    private static final int WINDOW = 24;
    /**
     * Faces are looked for on a grayscale copy whose short side is at most this: there the smallest face we look for
     * is exactly the cascade's 24 px window, so a larger copy costs time and finds nothing more.
     */
    static final int WORK_SHORT_SIDE = (int) Math.ceil(WINDOW / MIN_FACE);
    private static final Logger LOG = LoggerFactory.getLogger(HaarFaceDetector.class);

    private final Path cascadeFile;
    private CascadeClassifier cascade;

    public HaarFaceDetector(Path cascadeFile) {
        this.cascadeFile = cascadeFile;
    }

    /** Loads the natives and the cascade on first use, so a cloud that never sees DetectFaces pays nothing. */
    private synchronized CascadeClassifier cascade() {
        if (cascade == null) {
            if (!Files.isReadable(cascadeFile)) {
                throw new IllegalStateException("the face cascade " + cascadeFile
                        + " is missing: install the Debian package opencv-data (./dam installs it)");
            }
            long t0 = System.nanoTime();
            nu.pattern.OpenCV.loadLocally();
            CascadeClassifier loaded = new CascadeClassifier(cascadeFile.toString());
            if (loaded.empty()) {
                throw new IllegalStateException("OpenCV could not load the cascade " + cascadeFile);
            }
            cascade = loaded;
            LOG.info("Haar face cascade loaded from {} in {} ms", cascadeFile, (System.nanoTime() - t0) / 1_000_000);
        }
        return cascade;
    }

    @Override
    public List<Face> detect(BufferedImage image) {
        // Natives first: no Mat can exist before OpenCV is loaded.
        CascadeClassifier classifier = cascade();
        BufferedImage gray = grayscale(image);
        Mat mat = new Mat(gray.getHeight(), gray.getWidth(), CvType.CV_8UC1);
        Mat equalized = new Mat();
        MatOfRect rects = new MatOfRect();
        MatOfInt levels = new MatOfInt();
        MatOfDouble weights = new MatOfDouble();
        try {
            mat.put(0, 0, ((DataBufferByte) gray.getRaster().getDataBuffer()).getData());
            Imgproc.equalizeHist(mat, equalized);
            // Smaller windows than AWS's smallest face only add time and false positives.
            int minSide = Math.max(WINDOW, (int) Math.round(Math.min(gray.getWidth(), gray.getHeight()) * MIN_FACE));
            // CascadeClassifier is not thread-safe; the edge calls providers concurrently.
            synchronized (this) {
                classifier.detectMultiScale3(equalized, rects, levels, weights, 1.1, MIN_NEIGHBOURS, 0,
                        new Size(minSide, minSide), new Size(), true);
            }
            Rect[] found = rects.toArray();
            if (found.length == 0) {
                return List.of(); // an empty weights Mat cannot even be converted to an array
            }
            double[] w = weights.toArray();
            List<Face> faces = new ArrayList<>();
            for (int i = 0; i < found.length; i++) {
                if (w[i] > MIN_WEIGHT) {
                    Rect r = found[i];
                    faces.add(new Face(Box.ofPixels(r.x, r.y, r.width, r.height, gray.getWidth(), gray.getHeight()),
                            confidence(w[i])));
                }
            }
            faces.sort((a, b) -> Double.compare(b.confidence(), a.confidence()));
            return faces;
        } finally {
            mat.release();
            equalized.release();
            rects.release();
            levels.release();
            weights.release();
        }
    }

    static double confidence(double weight) {
        double c = 100.0 / (1.0 + Math.exp(-(weight - MIN_WEIGHT)));
        return Math.round(c * 1000.0) / 1000.0;
    }

    private static BufferedImage grayscale(BufferedImage image) {
        double scale = Math.min(1.0, (double) WORK_SHORT_SIDE / Math.min(image.getWidth(), image.getHeight()));
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return gray;
    }
}
