// Sign-in. Local mode: pick a demo user (or type any user and role) and get a local JWT. Cognito mode: the hosted UI.

import { h } from "../dom.js";
import { localUsers, localSignIn, cognitoSignIn } from "../auth.js";
import { field, busy } from "../forms.js";
import { words, label } from "../fields.js";

const ROLES = ["admin", "brand-manager", "creator", "reviewer", "legal", "viewer", "external"];

export async function signInPage(ctx) {
  const { config, session, query, navigate } = ctx;
  const next = query.get("next");
  const goOn = () => navigate(next && next.startsWith("#/") && !next.startsWith("#/signin") ? next : "#/briefs");
  const problem = h("p", { class: "error-text", role: "alert", hidden: true });
  const fail = (e) => {
    problem.textContent = e.message;
    problem.hidden = false;
  };

  if (config.mode === "cognito") {
    const button = h("button", { type: "button", class: "primary",
      onclick: () => busy(button, () => cognitoSignIn(config.cognito).catch(fail)) }, "Sign in with your organisation account");
    return h("section", { class: "signin" }, h("h1", null, "Sign in"), button, problem);
  }

  const signIn = async (button, user, roles, brands) => busy(button, async () => {
    try {
      session.set(await localSignIn(config.apiUrl, user, roles, brands));
      goOn();
    } catch (e) {
      fail(e);
    }
  });

  const users = await localUsers(config.apiUrl);
  const list = h("ul", { class: "user-list" }, users.map((u) => {
    const button = h("button", { type: "button", class: "user-card", dataset: { user: u.user },
      onclick: () => signIn(button, u.user) },
    h("strong", null, u.name || u.user),
    h("span", null, u.user),
    h("span", null, `Role: ${u.roles.map(label).join(", ")}`),
    h("span", null, `Brands: ${u.brands.length ? u.brands.join(", ") : "all"}`));
    return h("li", null, button);
  }));

  const email = h("input", { type: "email", autocomplete: "username" });
  const role = h("select", null, ROLES.map((r) => h("option", { value: r }, label(r))));
  const brands = h("input", { type: "text", value: "acme" });
  const submit = h("button", { type: "submit" }, "Sign in as this user");
  const custom = h("form", { class: "custom-user", novalidate: true, onsubmit: (ev) => {
    ev.preventDefault();
    signIn(submit, email.value.trim(), [role.value], words(brands.value));
  } },
  h("h2", null, "Someone else"),
  field("Email", "user", email),
  field("Role", "role", role),
  field("Brands", "brands", brands, { hint: "Comma-separated brand ids; empty = all (admins only)." }),
  submit);

  return h("section", { class: "signin" },
    h("h1", null, "Sign in (local)"),
    h("p", null, "Local mode: choose a demo user. The local cloud signs a token of the same shape Cognito issues."),
    problem,
    list,
    custom);
}
