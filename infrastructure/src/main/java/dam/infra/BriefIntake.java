package dam.infra;

import java.util.List;
import software.constructs.Construct;

/** Brief intake: inbound create/update brief commands from the bus → briefs in the table → Brief events. */
public final class BriefIntake extends Construct {

    public static final String HANDLER = "dam.intake.BriefIntakeHandler::handleRequest";
    public static final List<String> COMMANDS = List.of("Command Create Brief", "Command Update Brief");

    private final DamFunction function;

    public BriefIntake(Construct scope, String id, Stage stage, LambdaArtifacts artifacts, Data data, Events events) {
        super(scope, id);
        function = new DamFunction(this, "Handler", stage,
                FunctionSpec.of(HANDLER, artifacts.jar("brief-intake"))
                        .memoryMb(768) // measured peak 270 MB (dam.bench.MemoryReport, e2e commands)
                        .env("TABLE_NAME", data.table().getTableName())
                        .env("EVENT_BUS_NAME", events.bus().getEventBusName()));
        data.grantReadWrite(function);
        events.grantPut(function);
        events.route(this, "CommandsRule", COMMANDS, function);
    }

    public DamFunction function() {
        return function;
    }
}
