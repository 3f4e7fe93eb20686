package dam.api;

import dam.core.captions.Transcriber;
import dam.core.captions.TranscriptionJob;
import dam.core.captions.TranscriptionUnavailableException;
import software.amazon.awssdk.services.transcribe.TranscribeClient;
import software.amazon.awssdk.services.transcribe.model.SubtitleFormat;
import software.amazon.awssdk.services.transcribe.model.TranscribeException;

/**
 * {@link Transcriber} on Amazon Transcribe: a batch job over the version's original in the originals bucket, with
 * WebVTT subtitles written back to the same bucket under the job's output prefix. Whether transcription exists is
 * decided by the endpoint, not by a flag: the local cloud's edge answers 501 {@code NotImplemented} for a service it
 * does not provide, which becomes {@link TranscriptionUnavailableException}; AWS (and LocalStack) run the job.
 */
final class TranscribeTranscriber implements Transcriber {

    static final String UNAVAILABLE = "transcription is unavailable in the local cloud (it has no Amazon Transcribe); "
            + "upload an SRT or WebVTT file with PUT /assets/{id}/captions/{lang} instead";

    private final TranscribeClient transcribe;
    private final String bucket;

    TranscribeTranscriber(TranscribeClient transcribe, String bucket) {
        this.transcribe = transcribe;
        this.bucket = bucket;
    }

    @Override
    public void start(TranscriptionJob job) {
        try {
            transcribe.startTranscriptionJob(b -> b.transcriptionJobName(job.name())
                    .languageCode(job.lang())
                    .media(m -> m.mediaFileUri("s3://" + bucket + "/" + job.mediaKey()))
                    .outputBucketName(bucket)
                    .outputKey(job.outputPrefix()) // a folder: Transcribe writes <job>.json and <job>.vtt in it
                    .subtitles(s -> s.formats(SubtitleFormat.VTT)));
        } catch (TranscribeException e) {
            if (e.statusCode() == 501 || "NotImplemented".equals(e.awsErrorDetails().errorCode())) {
                throw new TranscriptionUnavailableException(UNAVAILABLE, e);
            }
            throw e;
        }
    }
}
