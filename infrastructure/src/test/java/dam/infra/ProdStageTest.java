package dam.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Stage-dependent settings, from context {@code stage=prod} as `cdk deploy -c stage=prod` passes it. */
class ProdStageTest {

    @TempDir
    static Path repo;

    static Template template;

    @BeforeAll
    static void synth() throws IOException {
        LambdaArtifacts artifacts = TestRepo.create(repo, "brief-intake", "expiry-scan", "approval", "api");
        App app = DamApp.createApp(repo.resolve("cdk.out"), Map.of("stage", "prod"));
        long start = System.nanoTime();
        template = Template.fromStack(DamApp.stack(app, artifacts));
        System.out.printf("synth (prod) took %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void tableIsDeletionProtectedAndRetained() {
        template.hasResource("AWS::DynamoDB::Table", Map.of(
                "DeletionPolicy", "Retain",
                "UpdateReplacePolicy", "Retain",
                "Properties", Match.objectLike(Map.of("DeletionProtectionEnabled", true))));
    }

    @Test
    void bucketsAndLogGroupsAreRetained() {
        // originals, derivatives, access logs, console files, CDN logs
        assertEquals(5, template.findResources("AWS::S3::Bucket", Map.of("DeletionPolicy", "Retain")).size());
        assertEquals(template.findResources("AWS::Logs::LogGroup").size(),
                template.findResources("AWS::Logs::LogGroup", Map.of("DeletionPolicy", "Retain")).size());
    }

    @Test
    void eventArchiveKeepsAYearAndTheDashboardIsNamedForTheStage() {
        template.hasResourceProperties("AWS::Events::Archive", Map.of("RetentionDays", 365));
        template.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "dam-prod"));
    }

    @Test
    void signInNeedsTotpInProd() {
        template.hasResourceProperties("AWS::Cognito::UserPool", Map.of(
                "MfaConfiguration", "ON",
                "EnabledMfas", java.util.List.of("SOFTWARE_TOKEN_MFA")));
    }

    @Test
    void stateMachinesLogOnlyErrorsInProd() {
        var machines = template.findResources("AWS::StepFunctions::StateMachine");
        org.junit.jupiter.api.Assertions.assertFalse(machines.isEmpty());
        assertEquals(machines.size(), template.findResources("AWS::StepFunctions::StateMachine", Map.of(
                "Properties", Match.objectLike(Map.of(
                        "LoggingConfiguration", Match.objectLike(Map.of("Level", "ERROR",
                                "IncludeExecutionData", false)),
                        "TracingConfiguration", Map.of("Enabled", true))))).size());
    }

    @Test
    void logsAreKeptLonger() {
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 365));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Environment", Map.of("Variables", Match.objectLike(Map.of("DAM_STAGE", "prod")))));
    }
}
