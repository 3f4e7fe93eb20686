package dam.local.rekognition;

/** One detected face: where it is and how sure the detector is (0–100). */
public record Face(Box box, double confidence) {
}
