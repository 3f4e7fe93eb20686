package dam.api;

import dam.core.analytics.Csv;
import dam.core.analytics.Report;
import dam.core.analytics.Reports;
import dam.core.auth.Principal;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /reports/{name}?from=&to=&brand=&limit=&days=&format=json|csv} (names: {@link Reports#NAMES}): a report
 * read from the analytics aggregates; {@code format=csv} answers the same table as a CSV download.
 */
@Controller("/reports")
final class ReportController {

    private final Reports reports;
    private final Responses responses;

    ReportController(Reports reports, Responses responses) {
        this.reports = reports;
        this.responses = responses;
    }

    @Get("/{name}")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"}) // a client asking for text/csv gets it, not a 406
    HttpResponse<String> report(Principal principal, @PathVariable String name, HttpRequest<?> request) {
        Map<String, List<String>> params = new LinkedHashMap<>(request.getParameters().asMap());
        Report r = reports.run(principal, name, params);
        List<String> format = params.get("format");
        if (format != null && format.contains("csv")) {
            return HttpResponse.<String>status(HttpStatus.OK).body(Csv.of(r))
                    .contentType("text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"" + r.name() + "-" + r.from() + "-"
                            + r.to() + ".csv\"");
        }
        return responses.ok(r);
    }
}
