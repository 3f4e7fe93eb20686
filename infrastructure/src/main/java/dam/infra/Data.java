package dam.infra;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.CfnTable;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.constructs.Construct;

/** The single DynamoDB table {@value #TABLE_NAME} (ARCHITECTURE section 2). */
public final class Data extends Construct {

    public static final String TABLE_NAME = "dam";
    public static final String GSI1 = "GSI1";

    private final Table table;

    public Data(Construct scope, String id, Stage stage) {
        super(scope, id);
        table = Table.Builder.create(this, "Table")
                .tableName(TABLE_NAME)
                .partitionKey(string("PK"))
                .sortKey(string("SK"))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .encryption(TableEncryption.AWS_MANAGED)
                .stream(StreamViewType.NEW_AND_OLD_IMAGES)
                .timeToLiveAttribute("ttl")
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .deletionProtection(stage.isProduction())
                .removalPolicy(stage.removalPolicy())
                .build();
        table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName(GSI1)
                .partitionKey(string("GSI1PK"))
                .sortKey(string("GSI1SK"))
                .projectionType(ProjectionType.ALL)
                .build());
    }

    private static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    public Table table() {
        return table;
    }

    /** Item read/write on the table and its indexes (queries on GSIs need {@code table/index/*}). */
    public void grantReadWrite(DamFunction fn) {
        table.grantReadWriteData(fn.function());
        suppressIndexWildcard(fn);
    }

    public void grantRead(DamFunction fn) {
        table.grantReadData(fn.function());
        suppressIndexWildcard(fn);
    }

    private void suppressIndexWildcard(DamFunction fn) {
        String logicalId = Stack.of(this).resolve(((CfnTable) table.getNode().getDefaultChild()).getLogicalId())
                .toString();
        Nag.suppress(fn.role(), "AwsSolutions-IAM5",
                "Index ARNs of the dam table only (table/index/*): GSIs are added per capability.",
                "Resource::<" + logicalId + ".Arn>/index/*");
    }
}
