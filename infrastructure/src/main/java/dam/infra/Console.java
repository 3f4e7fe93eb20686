package dam.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.IOrigin;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.constructs.Construct;

/**
 * The web console in AWS: static files in a private bucket served by CloudFront through Origin Access Control (the
 * bucket has no public access and no website endpoint), HTTPS only, with security headers. The API's routes are
 * forwarded to the HTTP API by the same distribution, so the console and the API share one origin in AWS as they do
 * locally on :8080 (no CORS). An optional WAF web ACL ({@code -c waf=true}) protects both.
 *
 * <p>Create it after every capability has added its routes (a synth-time validation lists any route it would miss).
 */
public final class Console extends Construct {

    /** For the console's own pages; API and review pages send their own (stricter) headers, which win. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob: https://*.amazonaws.com; media-src 'self' blob: https://*.amazonaws.com; "
            + "connect-src 'self' https://*.amazonaws.com; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private final Bucket bucket;
    private final Bucket logs;
    private final Distribution distribution;
    private final ResponseHeadersPolicy headers;
    private final CfnWebACL webAcl;

    public Console(Construct scope, String id, Stage stage, Api api, Bucket serverAccessLogs, boolean waf) {
        super(scope, id);

        bucket = Bucket.Builder.create(this, "Files")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED) // OAC reads SSE-S3 objects without a KMS key policy
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(serverAccessLogs)
                .serverAccessLogsPrefix("console/")
                .removalPolicy(stage.removalPolicy())
                .build();

        // CloudFront standard logs are delivered with an ACL, so this bucket (unlike the others) keeps ACLs on for
        // the log delivery account; it stays private and unreadable to the public.
        logs = Bucket.Builder.create(this, "CdnLogs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .serverAccessLogsBucket(serverAccessLogs)
                .serverAccessLogsPrefix("cdn-logs/")
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-cdn-logs")
                        .expiration(Duration.days(stage.accessLogExpiryDays())).build()))
                .removalPolicy(stage.removalPolicy())
                .build();

        headers = ResponseHeadersPolicy.Builder.create(this, "SecurityHeaders")
                .comment("DAM console security headers")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(Duration.days(730)).includeSubdomains(true).preload(true)
                                .override(true).build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
                        .frameOptions(ResponseHeadersFrameOptions.builder().frameOption(HeadersFrameOption.DENY)
                                .override(true).build())
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                                .referrerPolicy(HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)
                                .override(false).build())
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy(CONTENT_SECURITY_POLICY).override(false).build())
                        .build())
                .build();

        webAcl = waf ? createWebAcl() : null;

        IOrigin files = S3BucketOrigin.withOriginAccessControl(bucket);
        // The $default stage serves at the root of https://<api-id>.execute-api.<region>.amazonaws.com.
        IOrigin apiOrigin = HttpOrigin.Builder.create(Fn.select(2, Fn.split("/", api.url())))
                .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                .build();
        BehaviorOptions toApi = BehaviorOptions.builder()
                .origin(apiOrigin)
                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                .allowedMethods(AllowedMethods.ALLOW_ALL)
                .cachePolicy(CachePolicy.CACHING_DISABLED)
                // Everything but Host: the Authorization header reaches the JWT authorizer, Host must be the API's.
                .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                .responseHeadersPolicy(headers)
                .build();
        Map<String, BehaviorOptions> apiBehaviors = new LinkedHashMap<>();
        api.pathPatterns().forEach(pattern -> apiBehaviors.put(pattern, toApi));

        Distribution.Builder cdn = Distribution.Builder.create(this, "Cdn")
                .comment("DAM console (" + stage.name() + ")")
                .defaultRootObject("index.html")
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(files)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(headers)
                        .build())
                .additionalBehaviors(apiBehaviors)
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_100)
                .enableLogging(true)
                .logBucket(logs)
                .logFilePrefix("cdn/");
        if (webAcl != null) {
            cdn.webAclId(webAcl.getAttrArn());
        }
        distribution = cdn.build();

        Nag.suppress(distribution, "AwsSolutions-CFR1",
                "No geo restriction: the console is used by staff and external reviewers worldwide.");
        Nag.suppress(distribution, "AwsSolutions-CFR4",
                "The default *.cloudfront.net certificate allows TLSv1 at the edge; a custom domain with an ACM "
                        + "certificate (TLSv1.2_2021) is a deployment choice documented in infrastructure/README.md.");
        if (webAcl == null) {
            Nag.suppress(distribution, "AwsSolutions-CFR2",
                    "WAF is opt-in (-c waf=true, ~$8/month at rest); off by default for dev stacks.");
        }
        getNode().addValidation(() -> {
            List<String> missing = new ArrayList<>(api.pathPatterns());
            missing.removeAll(apiBehaviors.keySet());
            return missing.isEmpty() ? List.of() : List.of("Console was created before the API routes " + missing
                    + " were added: create it after every capability in DamStack");
        });
    }

    /** CloudFront-scoped web ACL: AWS managed common/bad-input/IP-reputation rules and a per-IP rate limit. */
    private CfnWebACL createWebAcl() {
        List<CfnWebACL.RuleProperty> rules = new ArrayList<>();
        for (String group : List.of("AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet",
                "AWSManagedRulesKnownBadInputsRuleSet")) {
            rules.add(CfnWebACL.RuleProperty.builder()
                    .name(group)
                    .priority(rules.size())
                    .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
                    .statement(CfnWebACL.StatementProperty.builder()
                            .managedRuleGroupStatement(CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                                    .vendorName("AWS").name(group).build())
                            .build())
                    .visibilityConfig(visibility(group))
                    .build());
        }
        rules.add(CfnWebACL.RuleProperty.builder()
                .name("RateLimitPerIp")
                .priority(rules.size())
                .action(CfnWebACL.RuleActionProperty.builder().block(CfnWebACL.BlockActionProperty.builder().build()).build())
                .statement(CfnWebACL.StatementProperty.builder()
                        .rateBasedStatement(CfnWebACL.RateBasedStatementProperty.builder()
                                .aggregateKeyType("IP").limit(2000).build())
                        .build())
                .visibilityConfig(visibility("RateLimitPerIp"))
                .build());
        return CfnWebACL.Builder.create(this, "WebAcl")
                .scope("CLOUDFRONT") // must be deployed in us-east-1 (see infrastructure/README.md)
                .defaultAction(CfnWebACL.DefaultActionProperty.builder().allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .rules(rules)
                .visibilityConfig(visibility("dam-console"))
                .build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String metric) {
        return CfnWebACL.VisibilityConfigProperty.builder()
                .metricName(metric).cloudWatchMetricsEnabled(true).sampledRequestsEnabled(true).build();
    }

    public Bucket bucket() {
        return bucket;
    }

    public Bucket logs() {
        return logs;
    }

    public Distribution distribution() {
        return distribution;
    }

    public ResponseHeadersPolicy headers() {
        return headers;
    }

    /** The web ACL, or null when {@code waf} is off. */
    public CfnWebACL webAcl() {
        return webAcl;
    }

    /** https://<distribution>.cloudfront.net */
    public String url() {
        return "https://" + distribution.getDistributionDomainName();
    }
}
