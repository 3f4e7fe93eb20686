package dam.local.deploy;

import java.util.Map;

/** What a deployed resource contributes to the template: its Ref value and its GetAtt attributes. */
public record Resolved(String ref, Map<String, String> attributes) {
}
