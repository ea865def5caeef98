import { App } from "./app";
import { language, setLanguage } from "./i18n";

setLanguage("en");
document.documentElement.lang = language();

const root = document.getElementById("app");
if (root) void new App(root).start();
