package dam.local.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the synthesized CDK app ({@code cdk.out}) into the local cloud: the same template AWS gets, so local and AWS
 * share one topology by construction. Deploying again (every {@code ./dam up}) is an idempotent upsert.
 */
public final class TemplateDeployer {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateDeployer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Resource types deliberately not modelled locally, and why (printed in the deploy report). */
    public static final Map<String, String> IGNORED = new TreeMap<>(Map.ofEntries(
            Map.entry("AWS::IAM::", "IAM is not enforced locally (least privilege is checked by the CDK tests)"),
            Map.entry("AWS::Logs::", "function logs go to .dam/lambda/logs"),
            Map.entry("AWS::CloudWatch::", "alarms and dashboards exist only in AWS"),
            Map.entry("AWS::CDK::Metadata", "CDK bookkeeping"),
            Map.entry("AWS::Lambda::Permission", "resource policies are not enforced locally"),
            Map.entry("AWS::ApiGatewayV2::VpcLink", "no VPCs locally"),
            Map.entry("AWS::S3::BucketPolicy", "bucket policies (TLS-only) are not enforced locally"),
            Map.entry("AWS::SQS::QueuePolicy", "queue policies are not enforced locally"),
            Map.entry("AWS::KMS::", "objects are stored unencrypted on the local disk"),
            Map.entry("AWS::CloudFront::", "the console is served by the local cloud itself on :8080"),
            Map.entry("AWS::Cognito::", "the local cloud issues the same JWT shape with a local key"),
            Map.entry("AWS::WAFv2::", "no web application firewall locally"),
            Map.entry("AWS::SES::", "the local SES provider accepts any identity and writes to the outbox"),
            Map.entry("AWS::SNS::", "alarm notifications exist only in AWS (alarms are not evaluated locally)"),
            Map.entry("AWS::XRay::", "no tracing locally"),
            Map.entry("AWS::SSM::", "CDK bootstrap version parameter"),
            Map.entry("Custom::S3AutoDeleteObjects", "bucket clean-up on stack deletion"),
            Map.entry("Custom::CDK", "CDK helper custom resources")));

    private final Map<String, ResourceHandler> handlers;
    private final String account;
    private final String region;

    public TemplateDeployer(Map<String, ResourceHandler> handlers, String account, String region) {
        this.handlers = handlers;
        this.account = account;
        this.region = region;
    }

    /** What a deployment did, for the console log and tests. */
    public record Report(Map<String, String> deployed, Map<String, String> ignored, List<String> unknown,
                         Map<String, Resolved> resources) {
        public String ref(String logicalIdPrefix) {
            return resources.entrySet().stream().filter(e -> e.getKey().startsWith(logicalIdPrefix))
                    .map(e -> e.getValue().ref()).findFirst()
                    .orElseThrow(() -> new DeployException("no resource " + logicalIdPrefix + "*"));
        }

        public String describe() {
            StringBuilder sb = new StringBuilder();
            deployed.forEach((id, what) -> sb.append("  deployed ").append(what).append('\n'));
            if (!ignored.isEmpty()) {
                sb.append("  ignored: ").append(String.join(", ", new LinkedHashSet<>(ignored.values())))
                        .append('\n');
            }
            unknown.forEach(u -> sb.append("  UNKNOWN (not deployed): ").append(u).append('\n'));
            return sb.toString();
        }
    }

    /** Deploys every stack of a {@code cdk.out} directory. */
    public Report deploy(Path cdkOut) throws IOException {
        JsonNode manifest = JSON.readTree(cdkOut.resolve("manifest.json").toFile());
        Map<String, String> deployed = new LinkedHashMap<>();
        Map<String, String> ignored = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        Map<String, Resolved> all = new LinkedHashMap<>();
        var artifacts = manifest.path("artifacts").fields();
        Map<String, Path> assets = new HashMap<>();
        List<Map.Entry<String, JsonNode>> stacks = new ArrayList<>();
        while (artifacts.hasNext()) {
            var a = artifacts.next();
            String type = a.getValue().path("type").asText();
            if (type.equals("cdk:asset-manifest")) {
                readAssets(cdkOut, a.getValue().path("properties").path("file").asText(), assets);
            } else if (type.equals("aws:cloudformation:stack")) {
                stacks.add(a);
            }
        }
        for (var stack : stacks) {
            String stackName = stack.getValue().path("properties").path("stackName").asText(stack.getKey());
            Path templateFile = cdkOut.resolve(stack.getValue().path("properties").path("templateFile").asText());
            deployStack(stackName, JSON.readTree(templateFile.toFile()), assets, deployed, ignored, unknown, all);
        }
        return new Report(deployed, ignored, unknown, all);
    }

    private static void readAssets(Path cdkOut, String file, Map<String, Path> assets) throws IOException {
        JsonNode m = JSON.readTree(cdkOut.resolve(file).toFile());
        m.path("files").fields().forEachRemaining(f -> {
            Path source = cdkOut.resolve(f.getValue().path("source").path("path").asText());
            f.getValue().path("destinations").forEach(d -> assets.put(d.path("objectKey").asText(), source));
        });
    }

    private void deployStack(String stackName, JsonNode template, Map<String, Path> assets,
                             Map<String, String> deployed, Map<String, String> ignored, List<String> unknown,
                             Map<String, Resolved> all) {
        JsonNode resources = template.path("Resources");
        Map<String, Resolved> done = new HashMap<>();
        Map<String, String> pseudo = Map.of("AWS::Region", region, "AWS::AccountId", account,
                "AWS::Partition", "aws", "AWS::URLSuffix", "amazonaws.com", "AWS::StackName", stackName,
                "AWS::StackId", "arn:aws:cloudformation:" + region + ":" + account + ":stack/" + stackName + "/local");
        Map<String, Boolean> conditionCache = new HashMap<>();
        Intrinsics[] holder = new Intrinsics[1];
        holder[0] = new Intrinsics(pseudo, done::get,
                name -> conditionCache.computeIfAbsent(name, n -> evalCondition(template.path("Conditions").path(n),
                        holder[0], template)));
        Intrinsics intrinsics = holder[0];
        DeployContext ctx = new DeployContext(stackName, account, region, assets);
        for (String id : order(resources)) {
            JsonNode resource = resources.get(id);
            String type = resource.path("Type").asText();
            if (resource.has("Condition") && !intrinsics.resolveCondition(resource.get("Condition").asText())) {
                continue;
            }
            String reason = ignoreReason(type);
            ResourceHandler handler = handlers.get(type);
            if (handler == null || reason != null && !handlers.containsKey(type)) {
                Resolved placeholder = new Resolved(id, new SyntheticAttributes(id, ctx));
                done.put(id, placeholder);
                if (reason != null) {
                    ignored.put(id, type);
                } else {
                    unknown.add(type + " " + id);
                }
                continue;
            }
            JsonNode props = intrinsics.resolve(resource.path("Properties"));
            try {
                Resolved r = handler.deploy(id, props, ctx);
                if (r == null) {
                    ignored.put(id, type);
                    r = new Resolved(id, new SyntheticAttributes(id, ctx));
                } else {
                    deployed.put(id, type + " " + r.ref());
                }
                done.put(id, r);
                all.put(id, r);
            } catch (DeployException e) {
                throw new DeployException(stackName + "/" + id + " (" + type + "): " + e.getMessage(), e);
            } catch (Exception e) {
                throw new DeployException(stackName + "/" + id + " (" + type + ") failed: " + e, e);
            }
        }
        LOG.info("deployed stack {}: {} resources, {} ignored, {} unknown", stackName, deployed.size(),
                ignored.size(), unknown.size());
    }

    private static String ignoreReason(String type) {
        for (var e : IGNORED.entrySet()) {
            if (type.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean evalCondition(JsonNode c, Intrinsics intrinsics, JsonNode template) {
        if (c.has("Fn::Equals")) {
            return intrinsics.resolve(c.get("Fn::Equals").get(0)).equals(intrinsics.resolve(c.get("Fn::Equals")
                    .get(1)));
        }
        if (c.has("Fn::Not")) {
            return !evalCondition(c.get("Fn::Not").get(0), intrinsics, template);
        }
        if (c.has("Fn::And")) {
            for (JsonNode x : c.get("Fn::And")) {
                if (!evalCondition(x, intrinsics, template)) {
                    return false;
                }
            }
            return true;
        }
        if (c.has("Fn::Or")) {
            for (JsonNode x : c.get("Fn::Or")) {
                if (evalCondition(x, intrinsics, template)) {
                    return true;
                }
            }
            return false;
        }
        if (c.has("Condition")) {
            return evalCondition(template.path("Conditions").path(c.get("Condition").asText()), intrinsics,
                    template);
        }
        throw new DeployException("unsupported condition " + c);
    }

    /** Resources in dependency order (Ref, GetAtt, Sub and DependsOn), stable by logical id otherwise. */
    static List<String> order(JsonNode resources) {
        Map<String, Set<String>> deps = new TreeMap<>();
        resources.fields().forEachRemaining(e -> {
            Set<String> d = new LinkedHashSet<>(Intrinsics.references(e.getValue().path("Properties")));
            JsonNode dependsOn = e.getValue().path("DependsOn");
            if (dependsOn.isTextual()) {
                d.add(dependsOn.asText());
            } else {
                dependsOn.forEach(x -> d.add(x.asText()));
            }
            d.retainAll(asSet(resources));
            deps.put(e.getKey(), d);
        });
        List<String> out = new ArrayList<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String id : deps.keySet()) {
            visit(id, deps, visiting, out);
        }
        return out;
    }

    private static Set<String> asSet(JsonNode resources) {
        Set<String> ids = new LinkedHashSet<>();
        resources.fieldNames().forEachRemaining(ids::add);
        return ids;
    }

    private static void visit(String id, Map<String, Set<String>> deps, Set<String> visiting, List<String> out) {
        if (out.contains(id)) {
            return;
        }
        if (!visiting.add(id)) {
            throw new DeployException("circular dependency through " + visiting);
        }
        for (String d : deps.get(id)) {
            visit(d, deps, visiting, out);
        }
        visiting.remove(id);
        out.add(id);
    }
}
