package dam.api;

import dam.aws.AwsClients;
import dam.aws.BriefWiring;
import dam.core.auth.SecuredBriefs;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;

/**
 * The services on AWS adapters, configured from the environment (TABLE_NAME, EVENT_BUS_NAME; optional reminder
 * settings, see {@link BriefWiring}). Built eagerly ({@link Context}) so the work happens in Lambda's init phase, and a
 * missing variable fails init with its name. Tests start the context in {@value #FAKES} and register in-memory
 * services instead.
 */
@Factory
@Requires(notEnv = AwsWiring.FAKES)
final class AwsWiring {

    static final String FAKES = "dam-fakes";

    @Context
    SecuredBriefs securedBriefs() {
        BriefWiring wiring = new BriefWiring(new AwsClients());
        return new SecuredBriefs(wiring.briefs, wiring.comments, wiring.index);
    }
}
