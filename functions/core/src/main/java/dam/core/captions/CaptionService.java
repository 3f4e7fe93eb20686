package dam.core.captions;

import dam.core.FieldError;
import dam.core.FieldError.Codes;
import dam.core.NotFoundException;
import dam.core.ValidationException;
import dam.core.asset.Asset;
import dam.core.asset.AssetRepository;
import dam.core.asset.AssetVersion;
import dam.core.asset.VersionState;
import dam.core.audit.AuditChain;
import dam.core.audit.AuditEntry;
import dam.core.auth.Principal;
import dam.core.event.EventPublisher;
import dam.core.event.OutboundEvent;
import dam.core.library.LibraryAccess;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Caption tracks of video and audio assets, one per language ({@code /assets/{id}/captions/{lang}}). An upload is
 * SRT or WebVTT (by Content-Type, else sniffed), parsed strictly (400 naming every bad line) and kept as sent under
 * the version's prefix ({@code originals/<asset>/<n>/captions/<lang>.<sha>.<ext>}: a new name per content, so a failed
 * write never damages the track in use), with an item and an audit entry in one write; reading converts exactly
 * ({@link Captions}). Writing needs the EDIT permission of {@link dam.core.library.LibraryPolicy}, reading VIEW.
 * "Generate" starts a speech-to-text job whose finished WebVTT is stored like an upload ({@link #completeTranscription}).
 */
public final class CaptionService {

    public static final String SOURCE = "dam.library";
    public static final String CAPTIONS_CHANGED = "Captions Changed";
    public static final String TRANSCRIBE_ACTOR = "system:transcribe";
    static final int MAX_TRACKS = 50;
    private static final String LANG = "[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}";
    private static final String TRANSCRIBE_LANG = "[a-z]{2}-[A-Z]{2}";

    private final AssetRepository assets;
    private final CaptionStore store;
    private final CaptionFiles files;
    private final Transcriber transcriber;
    private final LibraryAccess access;
    private final EventPublisher events;
    private final Clock clock;

    public CaptionService(AssetRepository assets, CaptionStore store, CaptionFiles files, Transcriber transcriber,
                          LibraryAccess access, EventPublisher events, Clock clock) {
        this.assets = Objects.requireNonNull(assets);
        this.store = Objects.requireNonNull(store);
        this.files = Objects.requireNonNull(files);
        this.transcriber = Objects.requireNonNull(transcriber);
        this.access = Objects.requireNonNull(access);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
    }

    public record Tracks(String assetId, List<CaptionTrack> items) {
    }

    /** A caption file as served: its text and format. */
    public record File(CaptionFormat format, String text) {
    }

    public Tracks list(Principal actor, String assetId) {
        Asset a = asset(assetId);
        access.requireRead(actor, a);
        return new Tracks(assetId, store.tracks(assetId).stream().sorted(Comparator.comparing(CaptionTrack::lang))
                .toList());
    }

    /** The track of {@code lang}: as stored when {@code format} is null or its own, else converted exactly. */
    public File get(Principal actor, String assetId, String lang, String format) {
        Asset a = asset(assetId);
        access.requireRead(actor, a);
        CaptionFormat wanted = null;
        if (format != null && !format.isBlank()) {
            wanted = CaptionFormat.named(format).orElseThrow(() -> new ValidationException(new FieldError("format",
                    Codes.UNKNOWN_VALUE, "format is srt or vtt, not '" + clip(format) + "'")));
        }
        CaptionTrack track = track(assetId, lang);
        String text = files.get(track.key());
        if (wanted == null || wanted == track.format()) {
            return new File(track.format(), text);
        }
        List<Cue> cues = Captions.parse(text, track.format());
        return new File(wanted, wanted == CaptionFormat.SRT ? Captions.toSrt(cues) : Captions.toVtt(cues));
    }

    /** Creates or replaces the track of {@code lang} from an SRT or WebVTT file. */
    public CaptionTrack put(Principal actor, String assetId, String lang, String text, String contentType) {
        Asset a = asset(assetId);
        access.requireEdit(actor, a);
        String language = language(lang);
        AssetVersion v = media(a);
        CaptionFormat format = format(contentType, text);
        List<Cue> cues = Captions.parse(text, format); // every bad line, before anything is stored
        return store(actor.userId(), a, v, language, text, format, cues.size(), CaptionTrack.UPLOAD);
    }

    public void delete(Principal actor, String assetId, String lang) {
        Asset a = asset(assetId);
        access.requireEdit(actor, a);
        CaptionTrack track = track(assetId, lang);
        Instant now = clock.instant();
        AuditEntry audit = AuditChain.next(a.auditHash(), a.id(), a.revision() + 1, now, actor.userId(),
                "captions.removed", "lang=" + track.lang() + " v" + track.version());
        store.save(bumped(a, audit, now), null, track.lang(), audit);
        files.delete(track.key());
        announce(a, track.lang(), null, actor.userId(), now);
    }

    /** Starts speech-to-text for the current video/audio version; the result arrives through the job's completion. */
    public TranscriptionJob generate(Principal actor, String assetId, String lang) {
        Asset a = asset(assetId);
        access.requireEdit(actor, a);
        if (lang == null || !lang.matches(TRANSCRIBE_LANG)) {
            throw new ValidationException(new FieldError("lang", Codes.INVALID, "generating captions needs a "
                    + "language with its region, like en-US or de-DE (Amazon Transcribe's language codes)"));
        }
        AssetVersion v = media(a);
        Instant now = clock.instant();
        String name = "dam-cap-" + UUID.randomUUID();
        TranscriptionJob job = new TranscriptionJob(name, a.id(), v.number(), lang, v.originalKey(),
                prefix(v) + "transcribe/", actor.userId(), now, "started", null);
        transcriber.start(job); // throws TranscriptionUnavailableException where there is no such service
        store.saveJob(job);
        return job;
    }

    /**
     * A transcription job finished ({@code completed} or {@code failed}): the completed job's WebVTT becomes the
     * track of its language (source {@code transcribe}); unknown jobs (not ours) are ignored, a repeated completion
     * stores nothing twice.
     */
    public Optional<CaptionTrack> completeTranscription(String jobName, boolean completed, String failure) {
        Optional<TranscriptionJob> found = store.job(jobName);
        if (found.isEmpty() || !"started".equals(found.get().state())) {
            return Optional.empty();
        }
        TranscriptionJob job = found.get();
        if (!completed) {
            store.saveJob(job.finished("failed", failure == null ? "no reason given" : failure));
            return Optional.empty();
        }
        Asset a = asset(job.assetId());
        AssetVersion v = assets.findVersion(a.id(), job.version()).orElseThrow(() -> new NotFoundException("version",
                "version " + job.version() + " of asset " + a.id() + " is gone"));
        String text = files.get(job.vttKey());
        List<Cue> cues = Captions.parse(text, CaptionFormat.WEBVTT);
        CaptionTrack track = store(TRANSCRIBE_ACTOR, a, v, job.lang(), text, CaptionFormat.WEBVTT, cues.size(),
                CaptionTrack.TRANSCRIBE);
        store.saveJob(job.finished("completed", null));
        return Optional.of(track);
    }

    private CaptionTrack store(String actor, Asset a, AssetVersion v, String lang, String text, CaptionFormat format,
                               int cues, String source) {
        List<CaptionTrack> existing = store.tracks(a.id());
        Optional<CaptionTrack> previous = existing.stream().filter(t -> t.lang().equals(lang)).findFirst();
        if (previous.isEmpty() && existing.size() >= MAX_TRACKS) {
            throw new ValidationException(new FieldError("lang", Codes.TOO_MANY, "an asset has at most " + MAX_TRACKS
                    + " caption languages"));
        }
        Instant now = clock.instant();
        String key = prefix(v) + lang + "." + sha256(text).substring(0, 16) + "." + format.extension();
        CaptionTrack track = new CaptionTrack(a.id(), lang, format, source, v.number(), key, cues, actor, now);
        AuditEntry audit = AuditChain.next(a.auditHash(), a.id(), a.revision() + 1, now, actor, "captions.put",
                "lang=" + lang + " format=" + format.extension() + " cues=" + cues + " source=" + source + " v"
                        + v.number());
        files.put(key, text, format);
        try {
            store.save(bumped(a, audit, now), track, null, audit);
        } catch (RuntimeException e) {
            if (previous.isEmpty() || !previous.get().key().equals(key)) {
                files.delete(key); // the item was not written: leave no orphan file behind
            }
            throw e;
        }
        previous.filter(p -> !p.key().equals(key)).ifPresent(p -> files.delete(p.key()));
        announce(a, lang, track, actor, now);
        return track;
    }

    private void announce(Asset a, String lang, CaptionTrack put, String actor, Instant now) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("version", 1);
        d.put("assetId", a.id());
        d.put("brand", a.brand());
        d.put("lang", lang);
        d.put("change", put != null ? "put" : "removed");
        if (put != null) {
            d.put("format", put.format().extension());
            d.put("source", put.source());
            d.put("assetVersion", put.version());
            d.put("cues", put.cues());
        }
        d.put("actor", actor);
        d.put("at", now.toString());
        events.publish(new OutboundEvent(SOURCE, CAPTIONS_CHANGED, d));
    }

    /** The newest ready version, which must be video or audio: captions of an image are a mistake worth a 400. */
    private AssetVersion media(Asset a) {
        AssetVersion v = assets.versions(a.id()).stream().filter(x -> x.state() == VersionState.READY)
                .max(Comparator.comparingInt(AssetVersion::number)).orElseThrow(() -> new ValidationException(
                        new FieldError("assetId", Codes.INVALID, "asset " + a.id() + " has no ready version to "
                                + "caption")));
        String type = v.detectedType() != null ? v.detectedType() : v.declaredContentType();
        if (type == null || !(type.startsWith("video/") || type.startsWith("audio/"))) {
            throw new ValidationException(new FieldError("assetId", Codes.INVALID, "captions are for video and "
                    + "audio assets; version " + v.number() + " is " + (type == null ? "of unknown type" : type)));
        }
        return v;
    }

    private static CaptionFormat format(String contentType, String text) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "text/vtt" -> CaptionFormat.WEBVTT;
            case "application/x-subrip", "text/srt", "application/srt" -> CaptionFormat.SRT;
            case "", "text/plain", "application/octet-stream" -> CaptionFormat.sniff(text == null ? "" : text);
            default -> throw new ValidationException(new FieldError("contentType", Codes.UNKNOWN_VALUE,
                    "send SRT (application/x-subrip) or WebVTT (text/vtt), or text/plain to have it recognised; not "
                            + clip(type)));
        };
    }

    private static String language(String lang) {
        if (lang == null || !lang.matches(LANG)) {
            throw new ValidationException(new FieldError("lang", Codes.INVALID, "the language is a BCP 47 tag like "
                    + "en, en-GB or pt-BR, not '" + clip(lang == null ? "" : lang) + "'"));
        }
        return lang;
    }

    private CaptionTrack track(String assetId, String lang) {
        return store.tracks(assetId).stream().filter(t -> t.lang().equals(lang)).findFirst()
                .orElseThrow(() -> new NotFoundException("lang", "asset " + assetId + " has no captions in '"
                        + clip(lang == null ? "" : lang) + "'"));
    }

    /** {@code originals/<asset>/<n>/captions/}: next to the version's original. */
    private static String prefix(AssetVersion v) {
        String key = v.originalKey();
        return key.substring(0, key.lastIndexOf('/') + 1) + "captions/";
    }

    private static Asset bumped(Asset a, AuditEntry audit, Instant now) {
        return new Asset(a.id(), a.brand(), a.briefId(), a.campaign(), a.channel(), a.displayName(),
                a.description(), a.keywords(), a.categories(), a.createdBy(), a.createdAt(), now, a.revision() + 1,
                a.latestVersion(), audit.hash(), a.details());
    }

    private Asset asset(String assetId) {
        return assets.find(assetId).orElseThrow(() -> new NotFoundException("assetId", "asset " + assetId
                + " does not exist"));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
