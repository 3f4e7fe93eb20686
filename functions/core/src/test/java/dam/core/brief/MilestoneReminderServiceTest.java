package dam.core.brief;

import dam.core.ValidationException;
import dam.core.memory.InMemoryNotificationLedger;
import dam.core.memory.InMemoryReminderScheduler.Scheduled;
import dam.core.memory.RecordingMailer;
import dam.core.notify.Mail;
import dam.core.notify.Reminder;
import dam.core.brief.MilestoneReminderService.Outcome;
import dam.core.brief.MilestoneReminderService.Status;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reminders planned by the brief service (in-memory scheduler) and fed back the way a firing schedule would. */
class MilestoneReminderServiceTest {

    private final Fixture f = new Fixture();
    private final RecordingMailer mailer = new RecordingMailer();
    private final InMemoryNotificationLedger ledger = new InMemoryNotificationLedger();
    private final MilestoneReminderService reminders = new MilestoneReminderService(f.repo, mailer, ledger,
            Clock.fixed(Instant.parse("2026-06-18T09:00:00Z"), ZoneOffset.UTC), "https://dam.example.com/");

    private Brief briefWithMilestone(String name, String owner, String due) {
        Brief b = f.create();
        return f.service.addMilestone(b.id(), 1, "alice", name, owner, due).brief();
    }

    /** The reminder the scheduler holds under that name: exactly what the schedule would deliver. */
    private Reminder scheduled(String name) {
        return f.scheduler.schedules().stream().filter(s -> s.name().equals(name)).map(Scheduled::reminder)
                .findFirst().orElseThrow(() -> new AssertionError("no schedule " + name + " in "
                        + f.scheduler.schedules()));
    }

    @Test
    void currentReminderMailsTheOwnerWithTitleMilestoneDueDateAndLink() {
        Brief b = briefWithMilestone("First concepts", "bob@example.com", "2026-06-20");

        Outcome outcome = reminders.remind(scheduled("brief-b1-m1-t2d"));

        assertEquals(Status.SENT, outcome.status());
        assertEquals("msg-1", outcome.messageId());
        Mail mail = single();
        assertEquals(List.of("bob@example.com"), mail.to());
        assertEquals("Reminder: \"First concepts\" (Summer sale 2026) is due on 2026-06-20", mail.subject());
        assertTrue(mail.textBody().contains("the milestone \"First concepts\" of the brief \"Summer sale 2026\" is due "
                + "in 2 days, on Saturday 20 June 2026."), mail.textBody());
        assertTrue(mail.textBody().contains("https://dam.example.com/#/briefs/" + b.id()), mail.textBody());
        assertTrue(mail.htmlBody().contains("<a href=\"https://dam.example.com/#/briefs/" + b.id() + "\">"),
                mail.htmlBody());
        assertEquals(List.of("REMINDER#brief-b1-m1-t2d#2026-06-20"), List.copyOf(ledger.claims().keySet()));
        assertEquals(Instant.parse("2026-07-20T00:00:00Z"), ledger.claims().get("REMINDER#brief-b1-m1-t2d#2026-06-20"),
                "kept 30 days past the due date");
    }

    @Test
    void dueDayReminderSaysDueToday() {
        briefWithMilestone("Final files", "bob@example.com", "2026-06-20");

        reminders.remind(scheduled("brief-b1-m1-due"));

        Mail mail = single();
        assertEquals("Due today: \"Final files\" (Summer sale 2026)", mail.subject());
        assertTrue(mail.textBody().contains("is due today, Saturday 20 June 2026."), mail.textBody());
    }

    @Test
    void duplicateInvocationsSendOneMail() {
        briefWithMilestone("First concepts", "bob@example.com", "2026-06-20");
        Reminder r = scheduled("brief-b1-m1-t2d");

        assertEquals(Status.SENT, reminders.remind(r).status());
        Outcome again = reminders.remind(r);

        assertEquals(Status.DUPLICATE, again.status());
        assertEquals(1, mailer.sent().size());
    }

    @Test
    void concurrentDuplicatesSendOneMail() throws Exception {
        briefWithMilestone("First concepts", "bob@example.com", "2026-06-20");
        Reminder r = scheduled("brief-b1-m1-t2d");
        int n = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Outcome>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit((Callable<Outcome>) () -> {
                    start.await();
                    return reminders.remind(r);
                }));
            }
            start.countDown();
            long sent = 0;
            for (Future<Outcome> result : results) {
                sent += result.get().status() == Status.SENT ? 1 : 0;
            }
            assertEquals(1, sent);
            assertEquals(1, mailer.sent().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reminderForAMovedDateIsStaleAndTheMovedOneSends() {
        Brief b = briefWithMilestone("First concepts", "bob@example.com", "2026-06-20");
        Reminder old = scheduled("brief-b1-m1-t2d");
        f.service.changeMilestone(b.id(), 2, "alice", "m1", null, null, "2026-06-25", null);

        Outcome outcome = reminders.remind(old);

        assertEquals(Status.STALE, outcome.status());
        assertEquals("due date moved from 2026-06-20 to 2026-06-25", outcome.reason());
        assertTrue(mailer.sent().isEmpty());
        assertTrue(ledger.claims().isEmpty(), "a stale reminder claims nothing");

        assertEquals(Status.SENT, reminders.remind(scheduled("brief-b1-m1-t2d")).status());
        assertTrue(single().textBody().contains("Thursday 25 June 2026"));
    }

    @Test
    void removedDoneOrClosedIsStale() {
        Brief b = briefWithMilestone("A", "bob@example.com", "2026-06-20");
        f.service.addMilestone(b.id(), 2, "alice", "B", "carol@example.com", "2026-06-22");
        f.service.addMilestone(b.id(), 3, "alice", "C", "dave@example.com", "2026-06-24");
        Reminder a = scheduled("brief-b1-m1-due");
        Reminder bRem = scheduled("brief-b1-m2-due");
        Reminder c = scheduled("brief-b1-m3-due");

        f.service.removeMilestone(b.id(), 4, "alice", "m1");
        f.service.changeMilestone(b.id(), 5, "alice", "m2", null, null, null, true);
        assertEquals("milestone m1 was removed", reminders.remind(a).reason());
        assertEquals("milestone is done", reminders.remind(bRem).reason());

        f.service.transition(b.id(), 6, BriefStatus.CLOSED, "alice", null);
        assertEquals("brief is closed", reminders.remind(c).reason());

        Reminder unknown = new Reminder(Reminder.MILESTONE_DUE, "nope", "m1", "A", "bob@example.com",
                LocalDate.parse("2026-06-20"));
        Outcome gone = reminders.remind(unknown);
        assertEquals(Status.STALE, gone.status());
        assertEquals("brief nope no longer exists", gone.reason());
        assertTrue(mailer.sent().isEmpty());
    }

    @Test
    void failedSendReleasesTheClaimSoTheRetrySends() {
        briefWithMilestone("First concepts", "bob@example.com", "2026-06-20");
        Reminder r = scheduled("brief-b1-m1-t2d");
        IllegalStateException outage = new IllegalStateException("mail service unavailable");
        mailer.failNext(outage);

        assertSame(outage, assertThrows(IllegalStateException.class, () -> reminders.remind(r)));
        assertTrue(ledger.claims().isEmpty());

        assertEquals(Status.SENT, reminders.remind(r).status());
        assertEquals(1, mailer.sent().size());
    }

    @Test
    void userTextIsEscapedInHtmlAndFlattenedInTheSubject() {
        Brief b = f.create();
        f.service.update(new UpdateBriefCommand(null, "alice", b.id(), 1,
                Fixture.changes().title("<script>alert('x')</script> & co").build()));
        f.service.addMilestone(b.id(), 2, "alice", "Cut\r\nBcc: evil@example.com", "bob@example.com", "2026-06-20");

        reminders.remind(scheduled("brief-b1-m1-due"));

        Mail mail = single();
        assertFalse(mail.subject().contains("\n") || mail.subject().contains("\r"), mail.subject());
        assertEquals("Due today: \"Cut  Bcc: evil@example.com\" (<script>alert('x')</script> & co)", mail.subject());
        assertFalse(mail.htmlBody().contains("<script>"), mail.htmlBody());
        assertTrue(mail.htmlBody().contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"),
                mail.htmlBody());
        assertTrue(mail.textBody().contains("<script>alert('x')</script> & co"), "text stays as typed");
    }

    @Test
    void ownerWithoutAnAddressIsReportedNotMailed() {
        briefWithMilestone("First concepts", "bob", "2026-06-20");

        Outcome outcome = reminders.remind(scheduled("brief-b1-m1-t2d"));

        assertEquals(Status.STALE, outcome.status());
        assertEquals("owner bob is not an email address", outcome.reason());
        assertTrue(mailer.sent().isEmpty());
    }

    @Test
    void malformedReminderListsEveryMissingField() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> reminders.remind(new Reminder("milestone.soon", "", null, null, null, null)));
        assertEquals(List.of("kind", "briefId", "milestoneId", "dueDate"),
                e.errors().stream().map(x -> x.field()).toList());
        assertThrows(ValidationException.class, () -> reminders.remind(null));
        assertTrue(mailer.sent().isEmpty());
    }

    @Test
    void baseUrlMustBeHttp() {
        assertThrows(IllegalArgumentException.class, () -> new MilestoneReminderService(f.repo, mailer, ledger,
                Clock.systemUTC(), "javascript:alert(1)"));
        assertThrows(IllegalArgumentException.class, () -> new MilestoneReminderService(f.repo, mailer, ledger,
                Clock.systemUTC(), null));
    }

    private Mail single() {
        assertEquals(1, mailer.sent().size(), "mails sent: " + mailer.sent());
        return mailer.sent().get(0);
    }
}
