package dam.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dam.core.asset.AssetService;
import dam.core.asset.IngestRules;
import dam.core.asset.memory.InMemoryAssetRepository;
import dam.core.asset.memory.RecordingAssetStorage;
import dam.core.json.Json;
import dam.core.memory.InMemoryBriefRepository;
import dam.core.memory.RecordingEventPublisher;
import dam.events.EventSchemas;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SubmitVersionHandlerTest {

    private static final ObjectMapper JSON = Json.mapper();
    private final InMemoryAssetRepository repo = new InMemoryAssetRepository();
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private final List<String> copies = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final SubmitVersionHandler handler = new SubmitVersionHandler(new AssetService(repo,
            new RecordingAssetStorage(), new InMemoryBriefRepository(), IngestRules.defaults(),
            Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC), () -> "a" + ids.incrementAndGet()),
            new SourceFiles() {
                @Override
                public long size(Source source) {
                    if (source.incomingKey() != null && source.incomingKey().contains("missing")) {
                        throw new BadSource("no object at " + source.incomingKey());
                    }
                    return 200L * 1024 * 1024; // above the single-PUT limit: still no multipart for a copy
                }

                @Override
                public void copy(Source source, String originalKey, String contentType, long size) {
                    copies.add(source.incomingKey() + " -> " + originalKey);
                }
            }, events, EventSchemas.load(), JSON);

    private static JsonNode event(String detail) throws Exception {
        return JSON.readTree("""
                {"id":"ev-1","source":"partner.agency","detail-type":"Command Submit Version","detail":%s}"""
                .formatted(detail));
    }

    private static final String NEW = """
            {"version":1,"commandId":"agency-1","requestedBy":"studio@agency.example",
             "asset":{"brand":"Acme","channel":"social","keywords":["portrait"]},
             "fileName":"../Hero.JPG","contentType":"image/jpeg","source":{"incomingKey":"incoming/agency/hero.jpg"}}""";

    @Test
    void aNewAssetIsCreatedAndItsBytesCopiedOnce() throws Exception {
        SubmitVersionHandler.Outcome first = handler.handle(event(NEW));
        SubmitVersionHandler.Outcome again = handler.handle(event(NEW));

        assertThat(first.outcome()).isEqualTo("submitted");
        assertThat(first.assetId()).isEqualTo("a1");
        assertThat(again.assetId()).isEqualTo("a1");
        assertThat(repo.versions("a1")).hasSize(1);
        assertThat(repo.versions("a1").get(0).uploadId()).as("copied, not a multipart upload").isNull();
        assertThat(repo.versions("a1").get(0).submitter()).isEqualTo("studio@agency.example");
        assertThat(copies).first().isEqualTo("incoming/agency/hero.jpg -> originals/a1/1/hero.jpg");
        assertThat(events.events()).isEmpty();
    }

    @Test
    void badCommandsAreAnsweredWithCommandRejectedAndStoreNothing() throws Exception {
        String ssrf = NEW.replace("{\"incomingKey\":\"incoming/agency/hero.jpg\"}",
                "{\"url\":\"http://169.254.169.254/latest/\"}");
        assertThat(handler.handle(event(ssrf)).reasons()).extracting(r -> r.field()).contains("source.url");
        String missing = NEW.replace("incoming/agency/hero.jpg", "incoming/agency/missing.jpg");
        assertThat(handler.handle(event(missing)).reasons()).extracting(r -> r.code()).containsExactly("invalid");
        String unknownAsset = """
                {"version":1,"requestedBy":"x","assetId":"nope","fileName":"a.jpg","contentType":"image/jpeg",
                 "source":{"incomingKey":"incoming/a.jpg"}}""";
        assertThat(handler.handle(event(unknownAsset)).reasons()).extracting(r -> r.code())
                .containsExactly("not_found");
        assertThat(events.ofType("Command Rejected")).hasSize(3);
        assertThat(repo.size()).isZero();
        assertThat(copies).isEmpty();
    }

    @Test
    void onlyPublicHttpsSourcesAreFetched() {
        for (String url : List.of("http://example.com/a.jpg", "https://127.0.0.1/a.jpg", "https://10.0.0.8/a.jpg",
                "https://169.254.169.254/latest", "https://[::1]/a.jpg")) {
            org.junit.jupiter.api.Assertions.assertThrows(SourceFiles.BadSource.class,
                    () -> AwsSourceFiles.publicHttps(url), url);
        }
    }
}
