// The portal's own code: load the console's module and mount it in the
// portal's element, with the portal's API base, token and route prefix.
import init, { mount } from '/anytime-admin.js';

// This demo takes the token from its own address (#token=…); a real portal
// has its own session.
const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
await init({ module_or_path: '/anytime-admin_bg.wasm' });
const host = document.getElementById('settings');
document.getElementById('settings-loading')?.remove();
mount(host, { apiBase: '', token, basePath: '/embed.html', theme: 'light' });
