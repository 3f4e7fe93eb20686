package dam.search.testing;

import dam.core.library.Visibility;
import dam.core.search.Facet;
import dam.core.search.SearchDocument;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Deterministic synthetic library documents for correctness tests and the bench: skewed keyword frequencies (a few
 * common words, a long tail), 6 brands, 5 statuses, 3 years of creation times, collections, uploaders.
 */
public final class SyntheticLibrary {

    public static final List<String> BRANDS = List.of("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark");
    public static final List<String> TYPES = List.of("image", "video", "document", "audio");
    public static final List<String> CHANNELS = List.of("web", "social", "print", "email", "tv");
    public static final List<String> COLOURS = List.of("red", "green", "blue", "yellow", "black", "white");
    public static final List<String> RIGHTS = List.of("owned", "licensed", "expiring", "expired");
    public static final List<String> ORIENTATIONS = List.of("landscape", "portrait", "square");
    static final String[] WORDS = ("summer winter beach city people product launch sale hero banner team office "
            + "mountain coffee family sport car food night studio logo poster spring autumn river forest street "
            + "market kitchen garden festival concert portrait sunset snow rain bike train airport harbour").split(" ");
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final long SPAN_MS = 3L * 365 * 24 * 3600 * 1000;

    private SyntheticLibrary() {
    }

    public static List<SearchDocument> documents(int n, long seed) {
        Random r = new Random(seed);
        List<SearchDocument> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(document(i, r));
        }
        return out;
    }

    static SearchDocument document(int i, Random r) {
        List<String> texts = new ArrayList<>();
        StringBuilder title = new StringBuilder();
        int words = 2 + r.nextInt(4);
        for (int w = 0; w < words; w++) {
            // Zipf-like: low indexes are common
            String word = WORDS[(int) Math.floor(Math.pow(r.nextDouble(), 2.2) * WORDS.length)];
            (w < 2 ? title : new StringBuilder()).append(w == 0 ? "" : " ").append(word);
            texts.add(word);
        }
        texts.add("asset" + i); // a unique token per asset
        Map<Facet, List<String>> f = new EnumMap<>(Facet.class);
        String brand = BRANDS.get(r.nextInt(BRANDS.size()));
        f.put(Facet.BRAND, List.of(brand));
        f.put(Facet.TYPE, List.of(TYPES.get(r.nextInt(TYPES.size()))));
        f.put(Facet.CHANNEL, List.of(CHANNELS.get(r.nextInt(CHANNELS.size()))));
        f.put(Facet.COLOUR, List.of(COLOURS.get(r.nextInt(COLOURS.size()))));
        f.put(Facet.RIGHTS, List.of(RIGHTS.get(r.nextInt(RIGHTS.size()))));
        f.put(Facet.ORIENTATION, List.of(ORIENTATIONS.get(r.nextInt(ORIENTATIONS.size()))));
        int s = r.nextInt(20);
        Visibility v = s < 14 ? Visibility.APPROVED : s < 16 ? Visibility.DRAFT : s < 18 ? Visibility.IN_REVIEW
                : s < 19 ? Visibility.EXPIRED : Visibility.ARCHIVED;
        f.put(Facet.STATUS, List.of(v.code()));
        f.put(Facet.UPLOADER, List.of("user" + r.nextInt(40)));
        f.put(Facet.BRIEF, List.of("brief" + r.nextInt(300)));
        f.put(Facet.CAMPAIGN, List.of("campaign" + r.nextInt(30)));
        if (r.nextInt(4) == 0) {
            f.put(Facet.COLLECTION, List.of("coll" + r.nextInt(50)));
        }
        Instant created = START.plusMillis((long) (r.nextDouble() * SPAN_MS));
        return SearchDocument.of("asset-" + i, 1 + r.nextInt(3), title.toString(), created, texts, f);
    }

    public static Set<String> sampleWords() {
        return Set.of(WORDS);
    }
}
