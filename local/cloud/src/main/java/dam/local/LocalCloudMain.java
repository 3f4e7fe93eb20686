package dam.local;

import dam.local.clock.LocalClock;
import dam.local.deploy.TemplateDeployer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./dam up}: starts the local cloud in the foreground on 127.0.0.1:4566, deploys cdk.out, prints the
 * endpoints, optionally runs the demo, and stops everything (child processes included) on Ctrl-C.
 */
public final class LocalCloudMain {

    private LocalCloudMain() {
    }

    public static void main(String[] args) throws Exception {
        // The Lambda Runtime API server needs TCP_NODELAY (88 ms → 2 ms per warm invoke); the JDK reads it once.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Path state = Path.of(".dam");
        Path cdkOut = Path.of("cdk.out");
        Path repo = Path.of(".");
        int port = 4566;
        int apiPort = 8080;
        boolean demo = false;
        double speed = 1.0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--state" -> state = Path.of(args[++i]);
                case "--cdk-out" -> cdkOut = Path.of(args[++i]);
                case "--repo" -> repo = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--api-port" -> apiPort = Integer.parseInt(args[++i]);
                case "--demo" -> demo = true;
                case "--clock-speed" -> speed = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --state DIR --cdk-out DIR --repo DIR --port N --api-port N --demo --clock-speed X)");
            }
        }
        if (!Files.exists(cdkOut.resolve("manifest.json"))) {
            throw new IllegalStateException(cdkOut + " has no synthesized app: run ./dam synth first");
        }
        long t0 = System.nanoTime();
        LocalClock clock = speed == 1.0 ? LocalClock.system() : LocalClock.accelerated(speed);
        LocalCloud cloud = LocalCloud.start(new LocalCloud.Config(state.toAbsolutePath(), repo.toAbsolutePath(),
                port, apiPort, clock, List.of("http://127.0.0.1:" + apiPort, "http://localhost:" + apiPort)));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping the local cloud ...");
            cloud.close();
            clock.close();
            stopped.countDown();
        }, "local-cloud-shutdown"));
        TemplateDeployer.Report report = cloud.deploy(cdkOut.toAbsolutePath());
        System.out.printf("%nLocal cloud ready in %d ms (state: %s)%n", (System.nanoTime() - t0) / 1_000_000,
                state.toAbsolutePath());
        System.out.print(report.describe());
        System.out.printf("%n  edge (AWS_ENDPOINT_URL)  %s%n", cloud.endpoint());
        System.out.printf("  API + console            %s/%n", cloud.apiEndpoint());
        System.out.printf("  local sign-in            POST %s/_local/token {\"user\":\"alice@example.com\"}%n",
                cloud.apiEndpoint());
        System.out.printf("  health                   %s/_localstack/health%n", cloud.endpoint());
        System.out.printf("  outbox (every email)     %s/_dam/outbox%n", cloud.endpoint());
        System.out.printf("  recent events            %s/_dam/events?bus=dam%n", cloud.endpoint());
        System.out.printf("  credentials              AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test"
                + " AWS_REGION=us-east-1%n%n");
        if (demo) {
            new Demo(cloud, report).run(System.out);
            new DemoWalkthrough(cloud).run(System.out);
        }
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }
}
