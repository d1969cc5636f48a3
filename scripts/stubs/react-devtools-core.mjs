// Ink loads react-devtools-core only when DEV=true; the bundle never connects to devtools.
export default {initialize() {}, connectToDevTools() {}};
