// Small browser helpers called from Blazor components.
window.paySessions = {
    markInteractive: function () {
        document.body.dataset.interactive = "true";
    },

    // Copies text; falls back to a hidden textarea where the Clipboard API is unavailable (plain http on a LAN).
    copy: async function (text) {
        try {
            if (navigator.clipboard && window.isSecureContext) {
                await navigator.clipboard.writeText(text);
                return true;
            }
        } catch (e) { /* fall through to the legacy path */ }
        const area = document.createElement("textarea");
        area.value = text;
        area.setAttribute("readonly", "");
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        const ok = document.execCommand("copy");
        document.body.removeChild(area);
        return ok;
    }
};
