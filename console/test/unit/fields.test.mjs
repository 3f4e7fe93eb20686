import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldCandidates, lines, words, amount, label, money } from "../../js/fields.js";

test("field errors fall back from the field to its parents", () => {
  assert.deepEqual(fieldCandidates("deliverables[0].format"), ["deliverables[0].format", "deliverables[0]", "deliverables"]);
  assert.deepEqual(fieldCandidates("channels[2]"), ["channels[2]", "channels"]);
  assert.deepEqual(fieldCandidates("budget.lines[1].amount"),
    ["budget.lines[1].amount", "budget.lines[1]", "budget.lines", "budget"]);
  assert.deepEqual(fieldCandidates("title"), ["title"]);
  assert.deepEqual(fieldCandidates(undefined), []);
});

test("lists typed by people", () => {
  assert.deepEqual(lines(" a \r\n\nb\n  "), ["a", "b"]);
  assert.deepEqual(words("de, fr;EU  gb", { upper: true }), ["DE", "FR", "EU", "GB"]);
  assert.deepEqual(words(""), []);
});

test("amounts become numbers, or stay text for the API to refuse", () => {
  assert.equal(amount("1500"), 1500);
  assert.equal(amount("250,50"), 250.5);
  assert.equal(amount(" 1 250.5 "), 1250.5);
  assert.equal(amount("ten"), "ten");
  assert.equal(amount(""), "");
});

test("codes shown as words, money with its currency", () => {
  assert.equal(label("in_production"), "In production");
  assert.equal(label("fine_print"), "Fine print");
  assert.equal(money("1750.5", "EUR"), "1,750.50 EUR");
  assert.equal(money(3, ""), "3.00");
});
