package dam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ./dam audit verify ASSET}. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Audit trail checks.")
final class AuditCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: verify");
    }

    /**
     * Recomputes the asset's hash chains on the server ({@code GET /assets/{id}/audit/verify}) and prints OK or the
     * first broken entry; exit 0 when intact, 1 when broken.
     */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify an asset's audit hash chains: prints OK or the first broken entry (exit 0 / 1).")
    static final class Verify implements Callable<Integer> {

        private final Cli cli;

        @Mixin
        ApiOptions options;

        @Parameters(index = "0", paramLabel = "ASSET", description = "the asset id")
        String assetId;

        Verify(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            ApiClient api = cli.api(options);
            JsonNode v;
            try {
                v = api.get("/assets/" + Cli.encode(assetId) + "/audit/verify");
            } catch (ApiException e) {
                throw e.toCli("asset " + assetId);
            }
            StringBuilder chains = new StringBuilder();
            for (JsonNode c : v.path("chains")) {
                chains.append(chains.length() == 0 ? "" : ", ").append(c.path("chain").asText()).append(' ')
                        .append(c.path("entries").asInt());
            }
            if (v.path("ok").asBoolean(false)) {
                cli.out().println("OK " + assetId + ": " + v.path("entries").asInt() + " audit entries intact ("
                        + chains + ")");
                return ExitCodes.OK;
            }
            JsonNode b = v.path("firstBroken");
            cli.out().println("BROKEN " + assetId + ": first broken entry: chain " + b.path("chain").asText("?")
                    + ", seq " + b.path("seq").asText("?") + ": " + b.path("reason").asText("(no reason given)"));
            return ExitCodes.INCOMPLETE;
        }
    }
}
