#pragma once
// What the window tests share: a main window shown and active (shortcuts need that), keys sent
// through the window system as a user types them, and message boxes answered as they appear.

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTimer>
#include <QtTest/QtTest>
#include <memory>

#include "main_window.h"
#include "screenshot.h"

namespace labelstation::app::testing {

inline std::unique_ptr<MainWindow> openWindow(std::unique_ptr<Session> session) {
  auto window = std::make_unique<MainWindow>(std::move(session));
  window->resize(1100, 700);
  window->show();
  if (!QTest::qWaitForWindowExposed(window.get())) qWarning("the window was not exposed");
  window->windowHandle()->requestActivate();
  if (!QTest::qWaitForWindowActive(window.get())) qWarning("the window did not become active");
  return window;
}

// Through the window system, as a real key press: shortcuts, then the focus widget.
inline void pressKey(MainWindow& window, Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
  QTest::keyClick(window.windowHandle(), key, modifiers);
}

// Answers the next modal message box with `answer` (Ok unless said) as soon as it shows and puts its
// text in `text` (a box would otherwise wait for a click forever). The watch ends with `owner`.
inline void answerNextMessageBox(QObject* owner, QString* text, QMessageBox::StandardButton answer = QMessageBox::Ok) {
  auto* timer = new QTimer(owner);
  QObject::connect(timer, &QTimer::timeout, owner, [timer, text, answer] {
    if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
      *text = box->text();
      // Clicked, not just closed: a caller asking "Ok or Cancel?" hears Ok.
      if (QAbstractButton* button = box->button(answer)) button->click();
      else box->done(answer);
      timer->stop();
      timer->deleteLater();
    }
  });
  timer->start(20);
}

}  // namespace labelstation::app::testing

// main() of a window test: VTK's OpenGL format, QSettings in Qt's test folder, not the user's.
#define LABELSTATION_WINDOW_TEST_MAIN(TestClass)                   \
  int main(int argc, char** argv) {                                \
    QSurfaceFormat::setDefaultFormat(labelstation::app::vtkSurfaceFormat()); \
    QStandardPaths::setTestModeEnabled(true);                      \
    QApplication app(argc, argv);                                  \
    TestClass test;                                                \
    return QTest::qExec(&test, argc, argv);                        \
  }
