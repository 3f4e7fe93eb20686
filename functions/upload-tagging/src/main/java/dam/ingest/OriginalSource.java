package dam.ingest;

import dam.aws.S3Files;

/** Port: the original of a version as a local file (S3 in Lambda, plain files in tests). */
@FunctionalInterface
public interface OriginalSource {

    S3Files.LocalCopy fetch(String key);
}
