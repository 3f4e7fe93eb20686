package dam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./dam import DIR --brief ID [--parallel 4]}. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Upload every file of DIR (sub-folders too; hidden files skipped) into a brief and wait until "
                + "each is ingested (ready or rejected, with the reasons).",
            "Resumable: progress is journalled in DIR/" + ImportJournal.FILE_NAME + "; run it again after Ctrl-C "
                + "or a crash and only what is missing is uploaded (never a duplicate asset)."})
final class ImportCommand implements Callable<Integer> {

    private final Cli cli;

    @Mixin
    ApiOptions options;

    @Parameters(index = "0", paramLabel = "DIR", description = "the folder to upload")
    Path dir;

    @Option(names = "--brief", required = true, paramLabel = "ID", description = "the brief the assets belong to")
    String brief;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "4",
            description = "files uploaded at once (1..32, default ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "900",
            description = "how long to wait for ingest after the last upload (default ${DEFAULT-VALUE})")
    long waitSeconds;

    ImportCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path folder = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new CliException(ExitCodes.USAGE, "no such folder: " + dir);
        }
        if (!Files.isWritable(folder)) {
            throw new CliException(ExitCodes.USAGE, "the folder " + dir + " is not writable (the import journal "
                    + ImportJournal.FILE_NAME + " is kept there)");
        }
        if (parallel < 1 || parallel > 32) {
            throw new CliException(ExitCodes.USAGE, "--parallel is 1..32 (got " + parallel + ")");
        }
        if (waitSeconds < 0) {
            throw new CliException(ExitCodes.USAGE, "--wait is 0 or more seconds");
        }
        Progress progress = options.progress(cli.out()); // a bad --progress fails before anything is sent
        ApiClient api = cli.api(options);
        JsonNode b;
        try {
            b = api.get("/briefs/" + Cli.encode(brief));
        } catch (ApiException e) {
            throw e.toCli("brief " + brief);
        }
        List<Path> files = Importer.files(folder);
        if (files.isEmpty()) {
            cli.out().println("nothing to import: " + dir + " has no files");
            return ExitCodes.OK;
        }
        cli.out().println("importing " + files.size() + " files from " + dir + " into brief " + brief + " ("
                + b.path("title").asText("untitled") + ")");
        Importer.Summary s;
        try (ImportJournal journal = ImportJournal.open(folder, cli.json()); progress) {
            s = new Importer(api, cli.storage(), journal, progress, cli.json(), brief, parallel, cli.pollInterval(),
                    Duration.ofSeconds(waitSeconds)).run(folder, files);
        }
        cli.out().println("done: " + s.files() + " files — " + s.ready() + " ready, " + s.rejected() + " rejected, "
                + s.refused() + " refused, " + s.failed() + " failed, " + s.pending() + " still processing; "
                + s.uploaded() + " uploaded by this run, " + s.resumed() + " from earlier runs");
        return s.complete() ? ExitCodes.OK : ExitCodes.INCOMPLETE;
    }
}
