import { createTheme, Modal, NativeSelect, PasswordInput, Textarea, TextInput } from '@mantine/core';

/**
 * Mantine's default theme with a darker primary shade, so white text on buttons and blue links on
 * white meet WCAG AA contrast. The matching CSS variables are in theme.css: the CSP lets no script
 * inject a style sheet, so the provider's runtime <style> tags are turned off (main.tsx).
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  components: {
    // Scroll locking injects a <style> element, which the console's CSP refuses; the close button needs a name.
    Modal: Modal.extend({ defaultProps: { lockScroll: false, closeButtonProps: { 'aria-label': 'Close' } } }),
    // Required fields keep the browser's check but no asterisk: a field's accessible name is exactly its label.
    TextInput: TextInput.extend({ defaultProps: { withAsterisk: false } }),
    PasswordInput: PasswordInput.extend({ defaultProps: { withAsterisk: false } }),
    Textarea: Textarea.extend({ defaultProps: { withAsterisk: false } }),
    NativeSelect: NativeSelect.extend({ defaultProps: { withAsterisk: false } }),
  },
});
