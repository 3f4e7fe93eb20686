package dam.local.deploy;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Stack-wide facts a resource handler needs: names, account/region, and where CDK put each asset. */
public record DeployContext(String stackName, String account, String region, Map<String, Path> assets) {

    /** A deterministic physical name (CloudFormation would add a random suffix; redeploys must find the same one). */
    public String physicalName(String logicalId, int maxLength, boolean lowercase) {
        String name = stackName + "-" + logicalId;
        if (lowercase) {
            name = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        }
        return name.length() <= maxLength ? name : name.substring(0, maxLength);
    }

    /** The local file of an asset CDK staged in cdk.out, by its S3 object key in the template. */
    public Path asset(String objectKey) {
        Path p = assets.get(objectKey);
        if (p == null) {
            throw new DeployException("asset " + objectKey + " is not in cdk.out (run ./dam synth)");
        }
        return p;
    }

    public String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + account + ":" + resource;
    }
}
