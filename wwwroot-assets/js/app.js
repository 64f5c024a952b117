// Small browser helpers called from Blazor components.
window.paySessions = {
    markInteractive: function () {
        document.body.dataset.interactive = "true";
    },

    // The payer wallet page remembers its context across reloads on this device only.
    loadWallet: function () {
        return window.localStorage.getItem("paysessions.wallet");
    },

    saveWallet: function (value) {
        if (value === null) {
            window.localStorage.removeItem("paysessions.wallet");
        } else {
            window.localStorage.setItem("paysessions.wallet", value);
        }
    },

    hasBrowserWallet: function () {
        return typeof window.ethereum !== "undefined" && window.ethereum !== null;
    },

    // Pays through the injected EIP-1193 provider: ask for an account, make sure the wallet is on the
    // payment's chain, send the ERC-20 transfer the server prepared. Returns the transaction hash.
    payWithBrowserWallet: async function (request) {
        const wallet = window.ethereum;
        if (!wallet) {
            throw new Error("No browser wallet was found on this device.");
        }
        const accounts = await wallet.request({ method: "eth_requestAccounts" });
        if (!accounts || accounts.length === 0) {
            throw new Error("The wallet shared no account.");
        }
        const chainId = "0x" + Number(request.chainId).toString(16);
        const current = await wallet.request({ method: "eth_chainId" });
        if (String(current).toLowerCase() !== chainId) {
            await wallet.request({ method: "wallet_switchEthereumChain", params: [{ chainId: chainId }] });
        }
        return await wallet.request({
            method: "eth_sendTransaction",
            params: [{ from: accounts[0], to: request.token, data: request.data, value: "0x0" }]
        });
    },

    // The account the injected wallet already shares with this page, or null: never prompts, never throws.
    walletAccount: async function () {
        try {
            const accounts = window.ethereum ? await window.ethereum.request({ method: "eth_accounts" }) : [];
            return accounts && accounts.length > 0 ? String(accounts[0]) : null;
        } catch (e) {
            return null;
        }
    },

    // A CUSTOM voucher: sends exactly the transaction the payee asked for (to, value in wei, calldata) from the
    // wallet's account, on the voucher's chain. Returns the transaction hash.
    sendTransactionWithBrowserWallet: async function (request) {
        const wallet = window.ethereum;
        if (!wallet) {
            throw new Error("No browser wallet was found on this device.");
        }
        const accounts = await wallet.request({ method: "eth_requestAccounts" });
        if (!accounts || accounts.length === 0) {
            throw new Error("The wallet shared no account.");
        }
        const chainId = "0x" + Number(request.chainId).toString(16);
        const current = await wallet.request({ method: "eth_chainId" });
        if (String(current).toLowerCase() !== chainId) {
            await wallet.request({ method: "wallet_switchEthereumChain", params: [{ chainId: chainId }] });
        }
        return await wallet.request({
            method: "eth_sendTransaction",
            params: [{ from: accounts[0], to: request.to, data: request.data, value: "0x" + BigInt(request.value).toString(16) }]
        });
    },

    // Sends a transfer the STORE's wallet must sign (a refund) through the injected EIP-1193 provider. The wallet
    // must share the prepared sending account: any other account is refused before anything is signed. Without
    // data it only checks the wallet is ready (account and chain). Resolves to { hash } or { error }, never throws,
    // so the page can show the wallet's answer as it is.
    sendFromBrowserWallet: async function (request) {
        const wallet = window.ethereum;
        if (!wallet) {
            return { error: "No browser wallet was found in this browser. Open this page in the browser that holds the store's wallet." };
        }
        try {
            const accounts = await wallet.request({ method: "eth_requestAccounts" }) || [];
            const from = String(request.from).toLowerCase();
            const account = accounts.find(function (a) { return String(a).toLowerCase() === from; });
            if (!account) {
                return {
                    error: accounts.length === 0
                        ? "The wallet shared no account. Unlock it and allow this page to see the store's wallet."
                        : "The wallet is on account " + accounts[0] + ", not the store's wallet " + request.from
                            + ". Switch to the store's wallet in your wallet and try again: nothing was sent."
                };
            }
            const chainId = "0x" + Number(request.chainId).toString(16);
            const current = await wallet.request({ method: "eth_chainId" });
            if (String(current).toLowerCase() !== chainId) {
                await wallet.request({ method: "wallet_switchEthereumChain", params: [{ chainId: chainId }] });
            }
            if (!request.data) {
                return {};
            }
            const hash = await wallet.request({
                method: "eth_sendTransaction",
                params: [{ from: account, to: request.token, data: request.data, value: "0x0" }]
            });
            return { hash: hash };
        } catch (e) {
            if (e && e.code === 4001) {
                return { error: "You declined in the wallet: nothing was sent." };
            }
            if (e && e.code === 4902) {
                return { error: "The wallet does not know chain " + request.chainId + ". Add the network to the wallet, then try again." };
            }
            return { error: "The wallet did not send it: " + ((e && e.message) || String(e)) };
        }
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

// Buttons marked data-print print the page (the content security policy allows no inline handlers).
document.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest("[data-print]")) {
        window.print();
    }
});
