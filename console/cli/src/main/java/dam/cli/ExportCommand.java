package dam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./dam export QUERY DIR --preset NAME [--format png]}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Download every asset a library search finds (all pages) into DIR, as a preset and format.",
            "QUERY is search text (every word must match), or search parameters such as 'brief=ID&type=image' "
                + "(anything with '=' is passed to GET /search as is).",
            "Resumable: DIR/" + ExportManifest.FILE_NAME + " records each file's size and SHA-256; files still "
                + "there and unchanged are skipped."})
final class ExportCommand implements Callable<Integer> {

    private static final int PAGE = 100;

    private final Cli cli;

    @Mixin
    ApiOptions options;

    @Parameters(index = "0", paramLabel = "QUERY", description = "search text, or search parameters a=b&c=d")
    String query;

    @Parameters(index = "1", paramLabel = "DIR", description = "the folder to write (created when missing)")
    Path dir;

    @Option(names = "--preset", paramLabel = "NAME", description = "a crop preset of the asset's brand "
            + "(e.g. instagram-square); left out: the original")
    String preset;

    @Option(names = "--format", paramLabel = "FORMAT", description = "jpeg, png, tiff or gif (default: jpeg with a "
            + "preset, else the original's own)")
    String format;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4", description = "downloads at once (1..32)")
    int parallel;

    ExportCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (parallel < 1 || parallel > 32) {
            throw new CliException(ExitCodes.USAGE, "--parallel is 1..32 (got " + parallel + ")");
        }
        if (query.isBlank()) {
            throw new CliException(ExitCodes.USAGE, "QUERY is empty: give search text or parameters (e.g. "
                    + "'brief=ID')");
        }
        Path folder = dir.toAbsolutePath().normalize();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new CliException(ExitCodes.USAGE, dir + " exists and is not a folder");
        }
        Progress progress = options.progress(cli.out());
        ApiClient api = cli.api(options);
        List<JsonNode> items = search(api);
        Files.createDirectories(folder);
        if (items.isEmpty()) {
            cli.out().println("nothing to export: the search found no assets you may see");
            return ExitCodes.OK;
        }
        cli.out().println("exporting " + items.size() + " assets to " + dir + (preset == null ? "" : " as " + preset)
                + (format == null ? "" : " (" + format + ")"));
        AtomicInteger saved = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(parallel);
        try (ExportManifest manifest = ExportManifest.open(folder, cli.json()); progress) {
            progress.begin("export", items.size(), 0);
            List<Future<?>> tasks = new ArrayList<>();
            for (JsonNode item : items) {
                tasks.add(workers.submit(() -> {
                    String id = item.path("assetId").asText();
                    try {
                        boolean fetched = export(api, manifest, progress, folder, item);
                        (fetched ? saved : skipped).incrementAndGet();
                    } catch (ApiException e) {
                        if (e.status() == 401) {
                            throw e.toCli("asset " + id);
                        }
                        failed.incrementAndGet();
                        progress.finished(id, "failed");
                        progress.note("failed   " + id + ": the API answered " + e.status() + ": " + e.getMessage());
                    } catch (IOException | UncheckedIOException | Storage.StorageException e) {
                        failed.incrementAndGet();
                        progress.finished(id, "failed");
                        progress.note("failed   " + id + ": " + e.getMessage() + " (rerun to retry)");
                    }
                    return null;
                }));
            }
            for (Future<?> f : tasks) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof CliException c) {
                        throw c;
                    }
                    throw new IllegalStateException("an export task failed", e.getCause());
                }
            }
        } finally {
            workers.shutdownNow();
        }
        cli.out().println("done: " + items.size() + " assets — " + saved + " saved, " + skipped + " unchanged, "
                + failed + " failed");
        return failed.get() == 0 ? ExitCodes.OK : ExitCodes.INCOMPLETE;
    }

    /** Every page of the search, each asset once. */
    private List<JsonNode> search(ApiClient api) {
        String params = searchParameters(query);
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        String cursor = null;
        do {
            JsonNode page;
            try {
                page = api.get("/search?" + params + "&limit=" + PAGE
                        + (cursor == null ? "" : "&cursor=" + Cli.encode(cursor)));
            } catch (ApiException e) {
                if (e.status() == 400) {
                    throw new CliException(ExitCodes.USAGE, "the search was refused: " + e.getMessage());
                }
                throw e.toCli("search");
            }
            page.path("items").forEach(i -> byId.putIfAbsent(i.path("assetId").asText(), i));
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null && !cursor.isEmpty());
        return new ArrayList<>(byId.values());
    }

    /** {@code "red car"} → {@code q=red%20car}; {@code "brief=1&type=image"} → each value percent-encoded. */
    static String searchParameters(String query) {
        if (!query.contains("=")) {
            return "q=" + Cli.encode(query.strip());
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : query.split("&")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.add(Cli.encode(name.strip()) + "=" + Cli.encode(value.strip()));
        }
        return String.join("&", pairs);
    }

    /** Downloads one asset unless the manifest says it is already here; answers whether bytes were fetched. */
    private boolean export(ApiClient api, ExportManifest manifest, Progress progress, Path folder, JsonNode item)
            throws IOException {
        String id = item.path("assetId").asText();
        StringBuilder q = new StringBuilder();
        if (preset != null) {
            q.append("&preset=").append(Cli.encode(preset));
        }
        if (format != null) {
            q.append("&format=").append(Cli.encode(format.toLowerCase(Locale.ROOT)));
        }
        ApiClient.Reply r = api.getNoRedirect("/assets/" + Cli.encode(id) + "/download"
                + (q.length() == 0 ? "" : "?" + q.substring(1)));
        String url = r.location() != null ? r.location() : r.body().path("url").asText();
        int version = r.body().path("version").asInt();
        String presetName = preset == null ? "original" : preset;
        String formatName = format == null ? "" : format.toLowerCase(Locale.ROOT);
        if (manifest.current(folder, id, version, presetName, formatName).isPresent()) {
            progress.finished(id, "unchanged");
            return false;
        }
        String name = fileName(item.path("title").asText(id), id, preset, extension(r.body().path("key").asText()));
        Path target = folder.resolve(name);
        Storage.Fetched f;
        long[] expected = {-1};
        try (Progress.Bar bar = new LazyBar(progress, name, expected)) {
            f = cli.storage().get(URI.create(url), target, n -> expected[0] = n, bar::add);
        }
        manifest.saved(new ExportManifest.Saved(id, version, presetName, formatName, name, f.size(), f.sha256()));
        progress.finished(name, "saved");
        return true;
    }

    /** "Summer hero.jpg", id 3f2a… , preset story, ext png → {@code Summer-hero_3f2a1b4c-story.png}. */
    static String fileName(String title, String assetId, String preset, String extension) {
        String base = title.replaceFirst("\\.[A-Za-z0-9]{1,5}$", "").replaceAll("[^A-Za-z0-9._-]+", "-")
                .replaceAll("^[-.]+|-+$", "");
        if (base.isEmpty()) {
            base = "asset";
        }
        if (base.length() > 80) {
            base = base.substring(0, 80);
        }
        String shortId = assetId.replaceAll("[^A-Za-z0-9]", "");
        shortId = shortId.substring(0, Math.min(8, shortId.length()));
        return base + "_" + shortId + (preset == null ? "" : "-" + preset.replaceAll("[^A-Za-z0-9_-]", "-"))
                + (extension.isEmpty() ? "" : "." + extension);
    }

    static String extension(String key) {
        String last = key.substring(key.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        String ext = dot < 0 ? "" : last.substring(dot + 1).toLowerCase(Locale.ROOT);
        return ext.matches("[a-z0-9]{1,5}") ? ext : "";
    }

    /** A file bar created when the size is known (the GET's Content-Length), so it shows a real percentage. */
    private static final class LazyBar implements Progress.Bar {
        private final Progress progress;
        private final String name;
        private final long[] expected;
        private Progress.Bar bar;

        LazyBar(Progress progress, String name, long[] expected) {
            this.progress = progress;
            this.name = name;
            this.expected = expected;
        }

        @Override
        public void add(long bytes) {
            if (bar == null) {
                bar = progress.file(name, expected[0]);
            }
            bar.add(bytes);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
