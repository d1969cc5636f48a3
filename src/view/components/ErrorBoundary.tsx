/**
 * Keeps the dashboard alive when drawing a pane throws (unexpected data from a backend): the
 * failing part shows the error and the rest of the screen, and the keys, keep working.
 */
import {Text} from 'ink';
import {Component, type ReactNode} from 'react';
import {sanitize} from '../../domain/sanitize.ts';

/** Props of {@link ErrorBoundary}; `resetKey` changing (e.g. new data) retries the drawing. */
export interface ErrorBoundaryProps {
  what: string;
  resetKey: unknown;
  children?: ReactNode;
}

/** Catches render errors below it and shows a one-line message instead. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, {error: Error | null; key: unknown}> {
  override state: {error: Error | null; key: unknown} = {error: null, key: undefined};

  /** Records the error so the next render shows the message. */
  static getDerivedStateFromError(error: Error) {
    return {error};
  }

  /** Clears the error when the data it failed on has been replaced. */
  static getDerivedStateFromProps(props: ErrorBoundaryProps, state: {error: Error | null; key: unknown}) {
    return props.resetKey === state.key ? null : {error: null, key: props.resetKey};
  }

  override render() {
    if (this.state.error) {
      return <Text wrap="truncate">{`⚠ could not draw ${this.props.what}: ${sanitize(this.state.error.message)}`}</Text>;
    }
    return this.props.children;
  }
}
