package dam.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./dam import | export | audit verify}: the jobs people do from a terminal, through the same public HTTP API
 * as the web console (token as a Bearer header; bytes straight to and from storage through presigned URLs).
 */
@Command(name = "dam", mixinStandardHelpOptions = true, version = "dam-cli 0.1.0",
        description = "Bulk import, export and audit checks against the DAM HTTP API.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done: every file ready / exported, or the audit chain intact",
            "1:finished with problems: a file rejected, refused or not transferred (rerun to retry), the audit "
                    + "chain broken, or an unexpected error",
            "2:bad arguments (unknown option, missing folder)",
            "3:the brief or asset does not exist or is not visible to you",
            "4:not signed in (no token), token refused (401) or action not allowed (403)",
            "5:the API or storage is unreachable or failing (network, 5xx after retries)"})
public final class DamCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(Cli.system(), args));
    }

    /** Runs one command line and answers its exit code. */
    static int run(Cli cli, String... args) {
        CommandLine cmd = new CommandLine(new DamCli())
                .addSubcommand(new ImportCommand(cli))
                .addSubcommand(new ExportCommand(cli))
                .addSubcommand(new CommandLine(new AuditCommand()).addSubcommand(new AuditCommand.Verify(cli)));
        cmd.setOut(new PrintWriter(cli.out(), true));
        cmd.setErr(new PrintWriter(cli.err(), true));
        cmd.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof CliException c) {
                cli.err().println("dam: " + c.getMessage());
                return c.exitCode();
            }
            cli.err().println("dam: unexpected error: " + ex);
            ex.printStackTrace(cli.err());
            return ExitCodes.INCOMPLETE;
        });
        return cmd.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: import, export or audit verify");
    }
}
